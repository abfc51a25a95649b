package com.pixelgram.user.post;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostPublished;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostCountReconcilerTest extends UserIntegrationTest {

	private static final String LOCK = "user-post-count-reconciliation";

	@Autowired
	PostCountReconciler reconciler;

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Autowired
	MeterRegistry meters;

	@Autowired
	LockProvider locks;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Test
	void repairsDriftedPostCountsFromTheLivePostsAndReportsIt() {
		UserEventsQueue queue = new UserEventsQueue(this.sqs, this.codec, this.topology);
		TestUser author = register();
		TestUser silent = register();
		TestUser viewer = register();
		long deletedPost = postOf(author);
		queue.send(published(postOf(author), author));
		queue.send(published(postOf(author), author));
		queue.send(published(deletedPost, author));
		queue.send(new PostDeleted(deletedPost, author.id(), Instant.now()));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(postsCount(author, viewer)).isEqualTo(2));
		queue.awaitDrained();
		setPostsCount(author, 7);
		setPostsCount(silent, 3);
		// Cached with its drifted count: only an eviction lets the repair show.
		assertThat(postsCount(silent, viewer)).isEqualTo(3);
		double driftBefore = drift();

		PostCountReconciler.Report report = this.reconciler.reconcile();

		assertThat(report.repairedUsers()).isGreaterThanOrEqualTo(2);
		assertThat(report.postsDrift()).isGreaterThanOrEqualTo(5 + 3);
		assertThat(storedPostsCount(author)).isEqualTo(2);
		assertThat(postsCount(author, viewer)).isEqualTo(2);
		assertThat(postsCount(silent, viewer)).isZero();
		assertThat(drift() - driftBefore).isEqualTo(report.postsDrift());
		assertThat(this.reconciler.reconcile().repairedUsers()).isZero();
	}

	@Test
	void runsOnOneInstanceAtATime() {
		// A scheduled run of this context may hold the lock for its interval.
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("UPDATE shedlock SET lock_until = locked_at WHERE name = :name")
			.param("name", LOCK)
			.update());
		TestUser user = register();
		setPostsCount(user, 4);
		Optional<SimpleLock> heldElsewhere = this.locks
			.lock(new LockConfiguration(Instant.now(), LOCK, Duration.ofMinutes(1), Duration.ZERO));
		assertThat(heldElsewhere).isPresent();

		this.reconciler.scheduledRun();
		long whileLocked = storedPostsCount(user);
		heldElsewhere.get().unlock();
		this.reconciler.scheduledRun();

		assertThat(whileLocked).isEqualTo(4);
		assertThat(storedPostsCount(user)).isZero();
		assertThat(this.locks.lock(new LockConfiguration(Instant.now(), LOCK, Duration.ofMinutes(1), Duration.ZERO)))
			.as("another replica within the interval after the run")
			.isEmpty();
	}

	private double drift() {
		return this.meters.get(PostCountReconciler.METRIC).tag("kind", "posts_count").counter().count();
	}

	private long postOf(TestUser author) {
		return this.ids.nextId(IdGenerator.shardOf(author.id()));
	}

	private static PostPublished published(long postId, TestUser author) {
		return new PostPublished(postId, author.id(), "https://cdn.example.com/p/" + postId + "/1080.jpg",
				"https://cdn.example.com/p/" + postId + "/150.jpg", null, Instant.now());
	}

	private long postsCount(TestUser user, TestUser viewer) {
		return api().get("/v1/users/" + user.id(), viewer.accessToken()).assertStatus(200).path("posts_count").asLong();
	}

	private void setPostsCount(TestUser user, long postsCount) {
		this.shards.write(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE users SET posts_count = :posts WHERE id = :id")
					.param("id", user.id())
					.param("posts", postsCount)
					.update());
	}

	private long storedPostsCount(TestUser user) {
		return this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT posts_count FROM users WHERE id = :id")
					.param("id", user.id())
					.query(Long.class)
					.single());
	}

}
