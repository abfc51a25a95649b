package com.pixelgram.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.id.JsonId;

/**
 * The author edited a published post's caption, location or alternative text. Like
 * {@link PostPublished} it carries the post whole as a reader shows it, so that a
 * consumer replaces what it keeps without asking post-service; {@code editedAt} orders
 * the edits of one post (a consumer keeps the newest it has seen).
 *
 * @param postId the post
 * @param authorId its author
 * @param imageUrl the 1080 px rendition
 * @param thumbnailUrl the 150 px square
 * @param caption the caption after the edit
 * @param createdAt when the upload was accepted
 * @param location the location after the edit, or {@code null}
 * @param altText the alternative text after the edit, or {@code null}
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param renditions every rendition's URL by name
 * @param hashtags the caption's hashtags, normalised, in order of first use
 * @param editedAt when the edit was committed
 * @param mentions the caption's mentions of users after the edit; {@code null} from
 * producers older than this field
 * @param blurhash the photo's BlurHash; {@code null} from producers older than this field
 * @param media every photo of the post, in order, the first one the photo of the fields
 * above; {@code null} from producers older than this field (their posts have one photo)
 */
public record PostEdited(@JsonId long postId, @JsonId long authorId, String imageUrl, String thumbnailUrl,
		String caption, Instant createdAt, String location, String altText, int width, int height,
		Map<String, String> renditions, List<String> hashtags, Instant editedAt, List<Mention> mentions,
		String blurhash, List<PostMedia> media) implements DomainEvent {

	/** The event as producers before carousels wrote it. */
	public PostEdited(long postId, long authorId, String imageUrl, String thumbnailUrl, String caption,
			Instant createdAt, String location, String altText, int width, int height, Map<String, String> renditions,
			List<String> hashtags, Instant editedAt, List<Mention> mentions, String blurhash) {
		this(postId, authorId, imageUrl, thumbnailUrl, caption, createdAt, location, altText, width, height, renditions,
				hashtags, editedAt, mentions, blurhash, null);
	}

	/** The event as producers before mentions and blurhashes wrote it. */
	public PostEdited(long postId, long authorId, String imageUrl, String thumbnailUrl, String caption,
			Instant createdAt, String location, String altText, int width, int height, Map<String, String> renditions,
			List<String> hashtags, Instant editedAt) {
		this(postId, authorId, imageUrl, thumbnailUrl, caption, createdAt, location, altText, width, height, renditions,
				hashtags, editedAt, null, null, null);
	}

}
