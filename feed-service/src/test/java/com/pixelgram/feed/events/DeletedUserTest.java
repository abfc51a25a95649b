package com.pixelgram.feed.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code UserDeleted} and the events user-service and post-service send after it: every
 * key of the deleted user goes, its posts leave its followers' feeds, and what is left
 * that names it expires.
 */
class DeletedUserTest extends FeedIntegrationTest {

	@Test
	void aDeletedUsersKeysGoAndItsPostsLeaveItsFollowersFeeds() {
		long deleted = TestIds.user();
		long follower = TestIds.user();
		long followee = TestIds.user();
		long muter = TestIds.user();
		long blocker = TestIds.user();
		USERS.follow(follower, deleted);
		USERS.follow(deleted, followee);
		markActive(List.of(follower, deleted));
		Post own = POSTS.post(deleted, Duration.ofMinutes(10));
		Post followees = POSTS.post(followee, Duration.ofMinutes(20));
		publish(published(own));
		publish(published(followees));
		publish(new FollowCreated(deleted, followee, 1, Instant.now().minusSeconds(60)));
		publish(new LikeCreated(followees.id(), followee, deleted, Instant.now()));
		publish(new UserMuted(muter, deleted, Instant.now()));
		publish(new UserBlocked(blocker, deleted, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> inFeed(follower, own.id()) && inFeed(deleted, followees.id())
					&& this.redis.hasKey(this.keys.likes(deleted)) && this.redis.hasKey(this.keys.hidden(muter))
					&& this.redis.hasKey(this.keys.hidden(blocker)));
		assertThat(feed(deleted, "").postIds()).contains(own.id(), followees.id());
		assertThat(keysNaming(deleted)).contains(this.keys.feed(deleted), this.keys.authorPosts(deleted),
				this.keys.likes(deleted), this.keys.affinity(deleted), this.keys.hidden(deleted),
				this.keys.active(deleted), this.keys.author(deleted));

		publish(new UserDeleted(deleted, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.hasKey(this.keys.deletedUser(deleted)));
		// What user-service's erasure and post-service send afterwards; user-service no
		// longer lists the follower, so the post's removal finds nobody to walk.
		USERS.unfollow(follower, deleted);
		USERS.unfollow(deleted, followee);
		POSTS.delete(own.id());
		publish(new FollowDeleted(follower, deleted, Instant.now()));
		publish(new FollowDeleted(deleted, followee, Instant.now()));
		publish(new UserUnmuted(muter, deleted, Instant.now()));
		publish(new UserUnblocked(blocker, deleted, Instant.now()));
		publish(new LikeDeleted(followees.id(), followee, deleted, Instant.now()));
		publish(new PostDeleted(own.id(), deleted, Instant.now()));
		awaitQueueDrained();

		assertThat(inFeed(follower, own.id())).isFalse();
		assertThat(feed(follower, "").postIds()).doesNotContain(own.id());
		assertThat(this.redis.opsForHash().entries(this.keys.hidden(muter))).isEmpty();
		assertThat(this.redis.opsForHash().entries(this.keys.hidden(blocker))).isEmpty();
		assertThat(this.redis.opsForHash().get(this.keys.post(followees.id()), "likes_count")).isEqualTo("0");
		// Left: the tombstone, the claims of handled events and the edges' newest
		// changes,
		// each expiring.
		List<String> left = keysNaming(deleted);
		assertThat(left).contains(this.keys.deletedUser(deleted))
			.allSatisfy((key) -> assertThat(key).containsAnyOf("deleted-user:", "event:", "follow:"))
			.allSatisfy((key) -> assertThat(this.redis.getExpire(key)).as(key).isPositive());
	}

	@Test
	void eventsOfADeletedUserArrivingLateWriteNoKeyOfIt() {
		long deleted = TestIds.user();
		long author = TestIds.user();
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		publish(new UserDeleted(deleted, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.hasKey(this.keys.deletedUser(deleted)));

		publish(new LikeCreated(post.id(), author, deleted, Instant.now()));
		publish(new FollowCreated(deleted, author, 1, Instant.now()));
		publish(new UserMuted(deleted, author, Instant.now()));
		publish(new UserBlocked(author, deleted, Instant.now()));
		Post late = POSTS.post(deleted, Duration.ofMinutes(1));
		publish(published(late));
		awaitQueueDrained();

		assertThat(keysNaming(deleted)).allSatisfy((key) -> assertThat(key).containsAnyOf("deleted-user:", "event:"));
		assertThat(this.redis.opsForHash().entries(this.keys.hidden(author))).isEmpty();
		assertThat(this.redis.hasKey(this.keys.post(late.id()))).isFalse();
	}

	/** Every key of this service that names the user as one of its parts. */
	private List<String> keysNaming(long userId) {
		String id = Long.toString(userId);
		List<String> found = new ArrayList<>();
		ScanOptions options = ScanOptions.scanOptions()
			.match(this.keys.feed(0).replace("feed:{0}", "") + "*")
			.count(1000)
			.build();
		try (Cursor<String> cursor = this.redis.scan(options)) {
			cursor.forEachRemaining((key) -> {
				if (Arrays.asList(key.split("[:{}]")).contains(id)) {
					found.add(key);
				}
			});
		}
		return found;
	}

}
