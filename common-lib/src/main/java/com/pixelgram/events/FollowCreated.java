package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user started following another; carries the followee's follower count after the
 * change.
 */
public record FollowCreated(@JsonId long followerId, @JsonId long followeeId, long followeeFollowersCount,
		Instant createdAt) implements DomainEvent {

}
