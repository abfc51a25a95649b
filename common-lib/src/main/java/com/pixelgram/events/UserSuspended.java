package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A moderator suspended an account: until it is reinstated it cannot log in and every
 * service hides it and what it made as if it were deleted, but nothing of it is erased.
 */
public record UserSuspended(@JsonId long userId, Instant suspendedAt) implements DomainEvent {

}
