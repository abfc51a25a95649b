package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A moderator lifted an account's suspension: it and what it made are visible again.
 */
public record UserReinstated(@JsonId long userId, Instant reinstatedAt) implements DomainEvent {

}
