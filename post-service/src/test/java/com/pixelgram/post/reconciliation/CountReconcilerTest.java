package com.pixelgram.post.reconciliation;

import java.time.Duration;
import java.time.Instant;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import com.pixelgram.shard.MeteredLockProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CountReconcilerTest extends PostIntegrationTest {

	@Autowired
	CountReconciler reconciler;

	@Autowired
	MeterRegistry meters;

	@Autowired
	LockProvider locks;

	@Value("${pixelgram.post.reconciliation.interval}")
	Duration interval;

	@Test
	void aRunKeepsItsLockFromTheOtherReplicasForTheInterval() {
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("UPDATE shedlock SET lock_until = locked_at WHERE name = :name")
			.param("name", CountReconciler.LOCK)
			.update());
		double acquiredBefore = lockAttempts("acquired");
		double busyBefore = lockAttempts("busy");

		this.reconciler.scheduledRun();
		this.reconciler.scheduledRun();

		assertThat(this.locks
			.lock(new LockConfiguration(Instant.now(), CountReconciler.LOCK, Duration.ofMinutes(1), Duration.ZERO)))
			.as("another replica's schedule within the interval")
			.isEmpty();
		Double heldSeconds = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT extract(epoch FROM lock_until - locked_at) FROM shedlock WHERE name = :name")
			.param("name", CountReconciler.LOCK)
			.query(Double.class)
			.single());
		assertThat(heldSeconds).isEqualTo(this.interval.toSeconds(), within(1.0));
		assertThat(lockAttempts("acquired") - acquiredBefore).isEqualTo(1);
		assertThat(lockAttempts("busy") - busyBefore).isEqualTo(2);
	}

	private double lockAttempts(String outcome) {
		Counter counter = this.meters.find(MeteredLockProvider.METRIC)
			.tags("job", CountReconciler.LOCK, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void repairsCountsThatDriftedFromTheirRowsAndReportsTheDrift() {
		long author = newUser();
		long postId = uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
		post(newUser(), "/v1/posts/" + postId + "/like");
		post(newUser(), "/v1/posts/" + postId + "/like");
		postJson(newUser(), "/v1/posts/" + postId + "/comments", "{\"text\":\"hi\"}");
		this.shards.write(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("UPDATE post SET likes_count = 7, comments_count = 0 WHERE post_id = :id")
					.param("id", postId)
					.update());
		double likesBefore = drift("likes_count");
		double commentsBefore = drift("comments_count");

		CountReconciler.Report report = this.reconciler.reconcile();

		assertThat(report.postsRepaired()).isGreaterThanOrEqualTo(1);
		assertThat(drift("likes_count") - likesBefore).isGreaterThanOrEqualTo(5);
		assertThat(drift("comments_count") - commentsBefore).isGreaterThanOrEqualTo(1);
		var post = get(author, "/v1/posts/" + postId).json();
		assertThat(post.path("likes_count").asLong()).isEqualTo(2);
		assertThat(post.path("comments_count").asLong()).isEqualTo(1);
		assertThat(this.reconciler.reconcile().postsRepaired()).isZero();
	}

	private double drift(String kind) {
		return this.meters.get("pixelgram.reconciliation.drift").tag("kind", kind).counter().count();
	}

}
