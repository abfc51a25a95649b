package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostMedia;
import com.pixelgram.id.JsonId;
import com.pixelgram.post.media.MediaKeys;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A post as the API shows it.
 *
 * @param postId the ID
 * @param userId the author
 * @param username the author's username, absent when user-service could not say
 * @param caption the caption
 * @param location the location, or absent
 * @param altText the first photo's alternative text, or absent
 * @param imageUrl the first photo's 1080 rendition
 * @param thumbnailUrl the first photo's 150 px square
 * @param renditions every rendition's URL by name ({@code 1080}, {@code 720},
 * {@code 480}, {@code 150})
 * @param width the displayed width of the photo (EXIF orientation applied)
 * @param height the displayed height of the photo
 * @param likesCount likes
 * @param commentsCount comments
 * @param likedByMe whether the viewer likes it; absent for calls between services
 * @param uploadStatus PROCESSING, READY or FAILED
 * @param failureReason why the renditions failed (the author only sees FAILED posts)
 * @param createdAt when the post was uploaded
 * @param editedAt when the author last edited its text; absent when never
 * @param hashtags the caption's hashtags, normalised, in order of first use
 * @param mentions the caption's mentions of users, in order: each user's ID and username
 * and where its {@code @username} is in the caption (UTF-16 code units, end exclusive)
 * @param blurhash the photo's BlurHash (a placeholder to show while it loads); absent
 * until READY
 * @param media every photo of the post, in order (one for a single photo); the fields
 * above describe the first, for clients older than carousels
 */
record PostView(@JsonId long postId, @JsonId long userId, String username, String caption, String location,
		String altText, String imageUrl, String thumbnailUrl, Map<String, String> renditions, int width, int height,
		long likesCount, long commentsCount, Boolean likedByMe, UploadStatus uploadStatus, String failureReason,
		Instant createdAt, Instant editedAt, List<String> hashtags,
		@Schema(description = "The caption's mentions of existing users, in order of appearance: the user's ID "
				+ "(a string) and username, and where its @username is in the caption, in UTF-16 code units "
				+ "(start at the @, end exclusive). Unknown usernames are not mentions.") List<Mention> mentions,
		@Schema(description = "The photo's BlurHash (https://blurha.sh, 4x3 components, 3x4 for a portrait), "
				+ "to show while the image loads; absent until the post is READY.") String blurhash,
		@Schema(description = "Every photo of the post, in order (one element for a single photo), each with its "
				+ "URLs, displayed size, BlurHash and alternative text; the top-level image_url, thumbnail_url, "
				+ "renditions, width, height, blurhash and alt_text are the first photo's.") List<PostMedia> media) {

	public PostView {
		if (media == null) {
			// A view cached before carousels: a post of one photo.
			media = List.of(new PostMedia(imageUrl, thumbnailUrl, renditions, width, height, blurhash, altText));
		}
	}

	/** The view of a row, without the viewer's parts. */
	public static PostView of(Post post, MediaKeys keys) {
		return new PostView(post.postId(), post.userId(), null, post.caption(), post.location(), post.altText(),
				keys.imageUrl(post.mediaKey()), keys.thumbnailUrl(post.mediaKey()), keys.renditionUrls(post.mediaKey()),
				post.width(), post.height(), post.likesCount(), post.commentsCount(), null, post.uploadStatus(),
				post.failureReason(), post.createdAt(), post.editedAt(), post.hashtags(), post.mentions(),
				post.blurhash(), post.media(keys));
	}

	/** The same post with the author's username and the viewer's like. */
	public PostView with(String username, Boolean likedByMe) {
		return new PostView(this.postId, this.userId, username, this.caption, this.location, this.altText,
				this.imageUrl, this.thumbnailUrl, this.renditions, this.width, this.height, this.likesCount,
				this.commentsCount, likedByMe, this.uploadStatus, this.failureReason, this.createdAt, this.editedAt,
				this.hashtags, this.mentions, this.blurhash, this.media);
	}

}
