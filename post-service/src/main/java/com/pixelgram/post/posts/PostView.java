package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.id.JsonId;
import com.pixelgram.post.media.MediaKeys;

/**
 * A post as the API shows it.
 *
 * @param postId the ID
 * @param userId the author
 * @param username the author's username, absent when user-service could not say
 * @param caption the caption
 * @param location the location, or absent
 * @param altText the alternative text, or absent
 * @param imageUrl the 1080 rendition
 * @param thumbnailUrl the 150 px square
 * @param renditions every rendition's URL by name ({@code 1080}, {@code 720},
 * {@code 480}, {@code 150})
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param likesCount likes
 * @param commentsCount comments
 * @param likedByMe whether the viewer likes it; absent for calls between services
 * @param uploadStatus PROCESSING, READY or FAILED
 * @param failureReason why the renditions failed (the author only sees FAILED posts)
 * @param createdAt when the post was uploaded
 * @param editedAt when the author last edited its text; absent when never
 * @param hashtags the caption's hashtags, normalised, in order of first use
 */
record PostView(@JsonId long postId, @JsonId long userId, String username, String caption, String location,
		String altText, String imageUrl, String thumbnailUrl, Map<String, String> renditions, int width, int height,
		long likesCount, long commentsCount, Boolean likedByMe, UploadStatus uploadStatus, String failureReason,
		Instant createdAt, Instant editedAt, List<String> hashtags) {

	/** The view of a row, without the viewer's parts. */
	public static PostView of(Post post, MediaKeys keys) {
		return new PostView(post.postId(), post.userId(), null, post.caption(), post.location(), post.altText(),
				keys.imageUrl(post.mediaKey()), keys.thumbnailUrl(post.mediaKey()), keys.renditionUrls(post.mediaKey()),
				post.width(), post.height(), post.likesCount(), post.commentsCount(), null, post.uploadStatus(),
				post.failureReason(), post.createdAt(), post.editedAt(), post.hashtags());
	}

	/** The same post with the author's username and the viewer's like. */
	public PostView with(String username, Boolean likedByMe) {
		return new PostView(this.postId, this.userId, username, this.caption, this.location, this.altText,
				this.imageUrl, this.thumbnailUrl, this.renditions, this.width, this.height, this.likesCount,
				this.commentsCount, likedByMe, this.uploadStatus, this.failureReason, this.createdAt, this.editedAt,
				this.hashtags);
	}

}
