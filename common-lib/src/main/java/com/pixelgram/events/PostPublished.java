package com.pixelgram.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.id.JsonId;

/**
 * A post's renditions are stored and it is visible (upload status READY). It carries
 * everything a reader shows of the post, so that a consumer can serve it without asking
 * post-service.
 *
 * @param postId the post
 * @param authorId its author
 * @param imageUrl the 1080 px rendition
 * @param thumbnailUrl the 150 px square
 * @param caption the caption
 * @param createdAt when the upload was accepted
 * @param location the location, or {@code null}
 * @param altText the alternative text, or {@code null}
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param renditions every rendition's URL by name ({@code 1080}, {@code 720},
 * {@code 480}, {@code 150}); {@code null} from producers older than these fields
 * @param hashtags the caption's hashtags, normalised, in order of first use; {@code null}
 * from producers older than this field
 * @param editedAt when the author last edited the post (before it was published), or
 * {@code null}
 * @param mentions the caption's mentions of users; {@code null} from producers older than
 * this field
 * @param blurhash the photo's BlurHash; {@code null} from producers older than this field
 * @param media every photo of the post, in order, the first one the photo of the fields
 * above; {@code null} from producers older than this field (their posts have one photo)
 */
public record PostPublished(@JsonId long postId, @JsonId long authorId, String imageUrl, String thumbnailUrl,
		String caption, Instant createdAt, String location, String altText, int width, int height,
		Map<String, String> renditions, List<String> hashtags, Instant editedAt, List<Mention> mentions,
		String blurhash, List<PostMedia> media) implements DomainEvent {

	/** The event as producers before carousels wrote it. */
	public PostPublished(long postId, long authorId, String imageUrl, String thumbnailUrl, String caption,
			Instant createdAt, String location, String altText, int width, int height, Map<String, String> renditions,
			List<String> hashtags, Instant editedAt, List<Mention> mentions, String blurhash) {
		this(postId, authorId, imageUrl, thumbnailUrl, caption, createdAt, location, altText, width, height, renditions,
				hashtags, editedAt, mentions, blurhash, null);
	}

	/** The event as producers before mentions and blurhashes wrote it. */
	public PostPublished(long postId, long authorId, String imageUrl, String thumbnailUrl, String caption,
			Instant createdAt, String location, String altText, int width, int height, Map<String, String> renditions,
			List<String> hashtags, Instant editedAt) {
		this(postId, authorId, imageUrl, thumbnailUrl, caption, createdAt, location, altText, width, height, renditions,
				hashtags, editedAt, null, null, null);
	}

	/** The event as producers before hashtags and edits wrote it. */
	public PostPublished(long postId, long authorId, String imageUrl, String thumbnailUrl, String caption,
			Instant createdAt, String location, String altText, int width, int height, Map<String, String> renditions) {
		this(postId, authorId, imageUrl, thumbnailUrl, caption, createdAt, location, altText, width, height, renditions,
				null, null, null, null, null);
	}

	/** The event as producers before the display fields wrote it. */
	public PostPublished(long postId, long authorId, String imageUrl, String thumbnailUrl, String caption,
			Instant createdAt) {
		this(postId, authorId, imageUrl, thumbnailUrl, caption, createdAt, null, null, 0, 0, null, null, null, null,
				null, null);
	}

	/** Whether the event describes the post whole (renditions and size included). */
	public boolean isComplete() {
		return this.renditions != null && !this.renditions.isEmpty() && this.width > 0 && this.height > 0;
	}

}
