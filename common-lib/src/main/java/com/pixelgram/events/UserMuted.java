package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user muted another: the muted user's posts leave the muter's feed and their activity
 * notifies the muter no more; the muted user is not told.
 */
public record UserMuted(@JsonId long muterId, @JsonId long mutedId, Instant mutedAt) implements DomainEvent {

}
