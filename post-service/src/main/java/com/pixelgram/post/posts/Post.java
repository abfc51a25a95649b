package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.List;

import com.pixelgram.events.Mention;

/**
 * A post row.
 *
 * @param postId the ID, which carries the author's logical shard
 * @param userId the author
 * @param caption the caption, possibly empty
 * @param location the location, or {@code null}
 * @param altText the alternative text, or {@code null}
 * @param mediaKey the stem of every object key of the post
 * @param mediaType the original's sniffed media type
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param uploadStatus where the renditions are
 * @param failureReason why the renditions failed, or {@code null}
 * @param likesCount denormalised count of likes
 * @param commentsCount denormalised count of comments
 * @param createdAt when the upload was accepted
 * @param publishedAt when the post became READY, or {@code null}
 * @param editedAt when the author last edited its text, or {@code null}
 * @param hashtags the caption's hashtags, normalised, in order of first use
 * @param mentions the caption's mentions of users, in order
 * @param blurhash the photo's BlurHash, or {@code null} before it is READY
 */
public record Post(long postId, long userId, String caption, String location, String altText, String mediaKey,
		String mediaType, int width, int height, UploadStatus uploadStatus, String failureReason, long likesCount,
		long commentsCount, Instant createdAt, Instant publishedAt, Instant editedAt, List<String> hashtags,
		List<Mention> mentions, String blurhash) {

	/** Whether a viewer may see the post: everyone once READY, only the author before. */
	public boolean visibleTo(long viewerId) {
		return this.uploadStatus == UploadStatus.READY || this.userId == viewerId;
	}

}
