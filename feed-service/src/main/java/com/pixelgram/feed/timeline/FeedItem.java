package com.pixelgram.feed.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.id.JsonId;

/**
 * One post of the feed as the app shows it.
 *
 * @param postId the post ID
 * @param author who posted it
 * @param imageUrl the 1080 px rendition
 * @param thumbnailUrl the 150 px square thumbnail
 * @param caption the caption, if any
 * @param location the location, if any
 * @param likesCount likes
 * @param commentsCount comments
 * @param likedByMe whether the viewer liked it
 * @param createdAt when it was posted
 */
record FeedItem(@JsonId long postId, Author author, String imageUrl, String thumbnailUrl, String caption,
		String location, long likesCount, long commentsCount, boolean likedByMe, Instant createdAt) {

	/** The posts, in order, with their authors and the viewer's likes. */
	static List<FeedItem> of(List<PostView> posts, Map<Long, UserProfile> authors, Set<Long> liked) {
		return posts.stream()
			.map((post) -> of(post, authors.get(post.userId()), liked.contains(post.postId())))
			.toList();
	}

	static FeedItem of(PostView post, UserProfile author, boolean liked) {
		Author shown = (author != null) ? new Author(post.userId(), author.username(), author.profileImageUrl())
				: new Author(post.userId(), null, null);
		return new FeedItem(post.postId(), shown, post.imageUrl(), post.thumbnailUrl(), post.caption(), post.location(),
				post.likesCount(), post.commentsCount(), liked, post.createdAt());
	}

	/**
	 * The author of a feed item.
	 *
	 * @param userId the user ID
	 * @param username the username (absent when user-service could not be asked)
	 * @param profileImageUrl avatar URL, if any
	 */
	record Author(@JsonId long userId, String username, String profileImageUrl) {

	}

}
