package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user lifted a mute of another. */
public record UserUnmuted(@JsonId long muterId, @JsonId long mutedId, Instant unmutedAt) implements DomainEvent {

}
