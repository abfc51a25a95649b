package com.pixelgram.feed.read;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostMedia;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.id.JsonId;

/**
 * One post of the feed: every field of {@code GET /v1/posts/{id}}, so that an app renders
 * both with one model, plus its author's summary.
 *
 * @param postId the post ID
 * @param userId its author
 * @param username the author's username (absent when user-service could not be asked)
 * @param caption the caption
 * @param location the location, if any
 * @param altText the alternative text, if any
 * @param imageUrl the 1080 px rendition
 * @param thumbnailUrl the 150 px square thumbnail
 * @param renditions every rendition's URL by name ({@code 1080}, {@code 720},
 * {@code 480}, {@code 150})
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param likesCount likes
 * @param commentsCount comments
 * @param likedByMe whether the viewer likes it
 * @param uploadStatus READY
 * @param createdAt when it was posted
 * @param hashtags the caption's hashtags, if known
 * @param editedAt when the author last edited its text, if ever
 * @param mentions the caption's mentions of users ({@code user_id}, {@code username},
 * {@code start}, {@code end}), if known
 * @param blurhash the photo's BlurHash, if known
 * @param media every photo of the post, in order ({@code image_url},
 * {@code thumbnail_url}, {@code renditions}, {@code width}, {@code height},
 * {@code blurhash}, {@code alt_text}); the fields above are the first's
 * @param author who posted it
 */
record FeedItem(@JsonId long postId, @JsonId long userId, String username, String caption, String location,
		String altText, String imageUrl, String thumbnailUrl, Map<String, String> renditions, int width, int height,
		long likesCount, long commentsCount, boolean likedByMe, String uploadStatus, Instant createdAt,
		List<String> hashtags, Instant editedAt, List<Mention> mentions, String blurhash, List<PostMedia> media,
		Author author) {

	static FeedItem of(PostView post, UserProfile author, boolean liked) {
		Author shown = (author != null)
				? new Author(post.userId(), author.username(), author.fullName(), author.profileImageUrl())
				: new Author(post.userId(), null, null, null);
		return new FeedItem(post.postId(), post.userId(), shown.username(), post.caption(), post.location(),
				post.altText(), post.imageUrl(), post.thumbnailUrl(), post.renditions(), post.width(), post.height(),
				post.likesCount(), post.commentsCount(), liked, post.uploadStatus(), post.createdAt(), post.hashtags(),
				post.editedAt(), post.mentions(), post.blurhash(), post.media(), shown);
	}

	/**
	 * The author of a feed item.
	 *
	 * @param userId the user ID
	 * @param username the username (absent when user-service could not be asked)
	 * @param fullName the display name, if any
	 * @param profileImageUrl avatar URL, if any
	 */
	record Author(@JsonId long userId, String username, String fullName, String profileImageUrl) {

	}

}
