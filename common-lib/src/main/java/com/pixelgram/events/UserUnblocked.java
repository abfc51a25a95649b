package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user lifted a block of another. */
public record UserUnblocked(@JsonId long blockerId, @JsonId long blockedId,
		Instant unblockedAt) implements DomainEvent {

}
