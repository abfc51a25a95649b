package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user account was created. */
public record UserRegistered(@JsonId long userId, String username, String fullName,
		Instant createdAt) implements DomainEvent {

}
