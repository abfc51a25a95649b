package com.pixelgram.feed.clients;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A READY post as post-service's batch read returns it.
 *
 * @param postId the post ID
 * @param userId its author
 * @param caption the caption, or {@code null}
 * @param location the location, or {@code null}
 * @param imageUrl the 1080 px rendition
 * @param thumbnailUrl the 150 px square thumbnail
 * @param likesCount likes
 * @param commentsCount comments
 * @param createdAt when it was posted
 */
public record PostView(@JsonId long postId, @JsonId long userId, String caption, String location, String imageUrl,
		String thumbnailUrl, long likesCount, long commentsCount, Instant createdAt) {

	/** The same post with other counts. */
	public PostView withCounts(long likes, long comments) {
		return new PostView(this.postId, this.userId, this.caption, this.location, this.imageUrl, this.thumbnailUrl,
				likes, comments, this.createdAt);
	}

}
