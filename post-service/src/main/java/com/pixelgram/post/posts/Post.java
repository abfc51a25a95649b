package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.List;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostMedia;
import com.pixelgram.post.media.MediaKeys;

/**
 * A post row.
 *
 * @param postId the ID, which carries the author's logical shard
 * @param userId the author
 * @param caption the caption, possibly empty
 * @param location the location, or {@code null}
 * @param altText the first photo's alternative text, or {@code null}
 * @param mediaKey the stem of every object key of the post, and the first photo's
 * @param mediaType the first photo's sniffed media type
 * @param width the displayed width of the first photo
 * @param height the displayed height of the first photo
 * @param uploadStatus where the renditions are
 * @param failureReason why the renditions failed, or {@code null}
 * @param likesCount denormalised count of likes
 * @param commentsCount denormalised count of comments
 * @param createdAt when the upload was accepted
 * @param publishedAt when the post became READY, or {@code null}
 * @param editedAt when the author last edited its text, or {@code null}
 * @param hashtags the caption's hashtags, normalised, in order of first use
 * @param mentions the caption's mentions of users, in order
 * @param blurhash the first photo's BlurHash, or {@code null} before it is READY
 * @param photos every photo, in order: the first is the one of the fields above (media
 * key, type, size, alternative text, BlurHash)
 */
public record Post(long postId, long userId, String caption, String location, String altText, String mediaKey,
		String mediaType, int width, int height, UploadStatus uploadStatus, String failureReason, long likesCount,
		long commentsCount, Instant createdAt, Instant publishedAt, Instant editedAt, List<String> hashtags,
		List<Mention> mentions, String blurhash, List<Photo> photos) {

	/** The most photos a post may have. */
	public static final int MAX_PHOTOS = 10;

	public Post {
		photos = (photos != null && !photos.isEmpty()) ? List.copyOf(photos)
				: List.of(new Photo(mediaKey, mediaType, width, height, altText, blurhash));
	}

	/** A post of one photo. */
	public Post(long postId, long userId, String caption, String location, String altText, String mediaKey,
			String mediaType, int width, int height, UploadStatus uploadStatus, String failureReason, long likesCount,
			long commentsCount, Instant createdAt, Instant publishedAt, Instant editedAt, List<String> hashtags,
			List<Mention> mentions, String blurhash) {
		this(postId, userId, caption, location, altText, mediaKey, mediaType, width, height, uploadStatus,
				failureReason, likesCount, commentsCount, createdAt, publishedAt, editedAt, hashtags, mentions,
				blurhash, null);
	}

	/** Every photo as the API and the events show it, in order. */
	public List<PostMedia> media(MediaKeys keys) {
		return this.photos.stream()
			.map((photo) -> new PostMedia(keys.imageUrl(photo.mediaKey()), keys.thumbnailUrl(photo.mediaKey()),
					keys.renditionUrls(photo.mediaKey()), photo.width(), photo.height(), photo.blurhash(),
					photo.altText()))
			.toList();
	}

	/** Whether a viewer may see the post: everyone once READY, only the author before. */
	public boolean visibleTo(long viewerId) {
		return this.uploadStatus == UploadStatus.READY || this.userId == viewerId;
	}

}
