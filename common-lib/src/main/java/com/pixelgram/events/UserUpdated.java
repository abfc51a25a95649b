package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user's public profile or follower count changed. */
public record UserUpdated(@JsonId long userId, String username, String fullName, String profileImageUrl,
		long followersCount, Instant updatedAt) implements DomainEvent {

}
