package com.pixelgram.feed.read;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HiddenAuthorsTest extends FeedIntegrationTest {

	@Test
	void aBlockTakesPostsAlreadyInTheFeedOutOfTheNextReadBothWays() {
		long blocker = TestIds.user();
		long blocked = TestIds.user();
		long friend = TestIds.user();
		USERS.follow(blocker, blocked);
		USERS.follow(blocker, friend);
		USERS.follow(blocked, blocker);
		Post fromBlocked = POSTS.post(blocked, Duration.ofMinutes(5));
		Post fromFriend = POSTS.post(friend, Duration.ofMinutes(10));
		Post fromBlocker = POSTS.post(blocker, Duration.ofMinutes(15));
		assertThat(feed(blocker, "").postIds()).contains(fromBlocked.id(), fromFriend.id());
		assertThat(feed(blocked, "").postIds()).contains(fromBlocker.id());

		Instant at = Instant.now();
		publish(new UserBlocked(blocker, blocked, at));
		awaitHidden(blocker, "b" + blocked);
		awaitHidden(blocked, "B" + blocker);

		assertThat(inFeed(blocker, fromBlocked.id())).as("still in Redis: the read leaves it out").isTrue();
		assertThat(feed(blocker, "").postIds()).containsExactly(fromFriend.id(), fromBlocker.id());
		assertThat(feed(blocker, "?order=latest").postIds()).doesNotContain(fromBlocked.id());
		assertThat(feed(blocked, "").postIds()).doesNotContain(fromBlocker.id()).contains(fromBlocked.id());

		publish(new UserUnblocked(blocker, blocked, at.plusMillis(1)));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(feed(blocked, "").postIds()).contains(fromBlocker.id()));
	}

	@Test
	void aMuteHidesTheAuthorFromTheMuterAloneUntilItIsLifted() {
		long muter = TestIds.user();
		long muted = TestIds.user();
		USERS.follow(muter, muted);
		USERS.follow(muted, muter);
		Post fromMuted = POSTS.post(muted, Duration.ofMinutes(5));
		Post fromMuter = POSTS.post(muter, Duration.ofMinutes(6));
		assertThat(feed(muter, "").postIds()).containsExactly(fromMuted.id(), fromMuter.id());

		Instant at = Instant.now();
		publish(new UserMuted(muter, muted, at));
		awaitHidden(muter, "m" + muted);

		assertThat(feed(muter, "").postIds()).containsExactly(fromMuter.id());
		assertThat(feed(muted, "").postIds()).contains(fromMuter.id(), fromMuted.id());

		// An older unmute arriving late changes nothing; the newer one lifts the mute.
		publish(new UserUnmuted(muter, muted, at.minusSeconds(60)));
		awaitQueueDrained();
		assertThat(feed(muter, "").postIds()).containsExactly(fromMuter.id());
		publish(new UserUnmuted(muter, muted, at.plusMillis(1)));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(feed(muter, "").postIds()).containsExactly(fromMuted.id(), fromMuter.id()));
	}

	@Test
	void liftingABlockLeavesAMuteOfTheSameAuthorInPlace() {
		long viewer = TestIds.user();
		long author = TestIds.user();
		USERS.follow(viewer, author);
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		Instant at = Instant.now();
		publish(new UserMuted(viewer, author, at));
		publish(new UserBlocked(viewer, author, at.plusMillis(1)));
		publish(new UserUnblocked(viewer, author, at.plusMillis(2)));
		awaitQueueDrained();

		assertThat(this.redis.opsForHash().entries(this.keys.hidden(viewer))).hasSize(2);
		assertThat(feed(viewer, "").postIds()).doesNotContain(post.id());
	}

	@Test
	void aLaterPageOfASnapshotLeavesOutAnAuthorHiddenSinceItWasMade() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		List<Post> posts = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			posts.add(POSTS.post((i % 2 == 0) ? alice : bob, Duration.ofMinutes(10L + i)));
		}
		FeedReply first = feed(viewer, "?page=1&limit=6&order=latest");
		assertThat(first.postIds()).hasSize(6);

		publish(new UserMuted(viewer, bob, Instant.now()));
		awaitHidden(viewer, "m" + bob);
		FeedReply second = feed(viewer, "?page=2&limit=6&order=latest");

		List<Long> alicesLater = posts.subList(6, 12)
			.stream()
			.filter((post) -> post.authorId() == alice)
			.map(Post::id)
			.toList();
		assertThat(second.postIds()).containsExactlyElementsOf(alicesLater);
	}

	@Test
	void aSuspendedAuthorsPostsLeaveEveryFeedUntilTheyAreReinstated() {
		long suspended = TestIds.user();
		long follower = TestIds.user();
		long friend = TestIds.user();
		USERS.follow(follower, suspended);
		USERS.follow(follower, friend);
		Post fromSuspended = POSTS.post(suspended, Duration.ofMinutes(5));
		Post fromFriend = POSTS.post(friend, Duration.ofMinutes(6));
		assertThat(feed(follower, "").postIds()).containsExactly(fromSuspended.id(), fromFriend.id());

		Instant at = Instant.now();
		publish(new UserSuspended(suspended, at));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.opsForHash().hasKey(this.keys.suspended(), Long.toString(suspended)));

		assertThat(feed(follower, "").postIds()).containsExactly(fromFriend.id());
		assertThat(feed(follower, "?order=latest").postIds()).containsExactly(fromFriend.id());
		assertThat(inFeed(follower, fromSuspended.id())).as("kept for a reinstatement").isTrue();

		publish(new UserReinstated(suspended, at.minusSeconds(60)));
		awaitQueueDrained();
		assertThat(feed(follower, "").postIds()).containsExactly(fromFriend.id());
		publish(new UserReinstated(suspended, at.plusMillis(1)));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(feed(follower, "").postIds()).containsExactly(fromSuspended.id(),
					fromFriend.id()));
	}

	private void awaitHidden(long viewer, String field) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.opsForHash().hasKey(this.keys.hidden(viewer), field));
	}

}
