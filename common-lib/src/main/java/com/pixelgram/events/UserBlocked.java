package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user blocked another: each is hidden from the other and neither may follow the other.
 */
public record UserBlocked(@JsonId long blockerId, @JsonId long blockedId, Instant blockedAt) implements DomainEvent {

}
