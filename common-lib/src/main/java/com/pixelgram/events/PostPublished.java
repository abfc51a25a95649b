package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A post's renditions are stored and it is visible (upload status READY). */
public record PostPublished(@JsonId long postId, @JsonId long authorId, String imageUrl, String thumbnailUrl,
		String caption, Instant createdAt) implements DomainEvent {

}
