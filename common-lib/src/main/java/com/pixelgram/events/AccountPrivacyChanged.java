package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * An account became private (only approved followers see its posts) or public again.
 */
public record AccountPrivacyChanged(@JsonId long userId, boolean isPrivate, Instant changedAt) implements DomainEvent {

}
