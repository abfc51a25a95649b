package com.pixelgram.feed.clients;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostMedia;
import com.pixelgram.id.JsonId;

/**
 * A READY post as post-service's batch read returns it, and as the feed serves it: every
 * field of {@code GET /v1/posts/{id}} but the viewer's own.
 *
 * @param postId the post ID
 * @param userId its author
 * @param caption the caption, or {@code null}
 * @param location the location, or {@code null}
 * @param altText the alternative text, or {@code null}
 * @param imageUrl the 1080 px rendition
 * @param thumbnailUrl the 150 px square thumbnail
 * @param renditions every rendition's URL by name
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param likesCount likes
 * @param commentsCount comments
 * @param uploadStatus READY for every post the feed shows
 * @param createdAt when it was posted
 * @param hashtags the caption's hashtags, or {@code null} when not known
 * @param editedAt when the author last edited its text, or {@code null}
 * @param mentions the caption's mentions of users, or {@code null} when not known
 * @param blurhash the photo's BlurHash, or {@code null} when not known
 * @param media every photo, in order; the fields above are the first's. Derived from them
 * (one photo) when a source older than carousels did not say
 */
public record PostView(@JsonId long postId, @JsonId long userId, String caption, String location, String altText,
		String imageUrl, String thumbnailUrl, Map<String, String> renditions, int width, int height, long likesCount,
		long commentsCount, String uploadStatus, Instant createdAt, List<String> hashtags, Instant editedAt,
		List<Mention> mentions, String blurhash, List<PostMedia> media) {

	/** The status of every post a feed shows. */
	public static final String READY = "READY";

	public PostView {
		if (media == null && imageUrl != null) {
			media = List.of(new PostMedia(imageUrl, thumbnailUrl, renditions, width, height, blurhash, altText));
		}
	}

	/** A post whose photos are not known apart from the first (older sources). */
	public PostView(long postId, long userId, String caption, String location, String altText, String imageUrl,
			String thumbnailUrl, Map<String, String> renditions, int width, int height, long likesCount,
			long commentsCount, String uploadStatus, Instant createdAt, List<String> hashtags, Instant editedAt,
			List<Mention> mentions, String blurhash) {
		this(postId, userId, caption, location, altText, imageUrl, thumbnailUrl, renditions, width, height, likesCount,
				commentsCount, uploadStatus, createdAt, hashtags, editedAt, mentions, blurhash, null);
	}

	/** A post without mentions and BlurHash. */
	public PostView(long postId, long userId, String caption, String location, String altText, String imageUrl,
			String thumbnailUrl, Map<String, String> renditions, int width, int height, long likesCount,
			long commentsCount, String uploadStatus, Instant createdAt, List<String> hashtags, Instant editedAt) {
		this(postId, userId, caption, location, altText, imageUrl, thumbnailUrl, renditions, width, height, likesCount,
				commentsCount, uploadStatus, createdAt, hashtags, editedAt, null, null, null);
	}

	/** A post never edited, without hashtags. */
	public PostView(long postId, long userId, String caption, String location, String altText, String imageUrl,
			String thumbnailUrl, Map<String, String> renditions, int width, int height, long likesCount,
			long commentsCount, String uploadStatus, Instant createdAt) {
		this(postId, userId, caption, location, altText, imageUrl, thumbnailUrl, renditions, width, height, likesCount,
				commentsCount, uploadStatus, createdAt, null, null, null, null, null);
	}

	/**
	 * The version of the post's text that downstream copies compare: microseconds of
	 * {@code edited_at}, 0 for a post never edited.
	 */
	public long editVersion() {
		return (this.editedAt != null) ? Math.addExact(Math.multiplyExact(this.editedAt.getEpochSecond(), 1_000_000L),
				this.editedAt.getNano() / 1000) : 0;
	}

}
