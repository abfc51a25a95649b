package com.pixelgram.user.follow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class FollowCountReconcilerTest extends UserIntegrationTest {

	private static final String LOCK = "follow-count-reconciliation";

	@Autowired
	FollowCountReconciler reconciler;

	@Autowired
	Shards shards;

	@Autowired
	MeterRegistry meters;

	@Autowired
	LockProvider locks;

	@Test
	void repairsInjectedDriftAndReportsIt() {
		TestUser follower = register();
		TestUser followee = register();
		api().post("/v1/users/" + followee.id() + "/follow", null, follower.accessToken()).assertStatus(200);
		// Cached with the right count, so that the repair must evict it.
		api().get("/v1/users/" + followee.id(), follower.accessToken()).assertStatus(200);
		setCounts(followee, 6, 0);
		setCounts(follower, 0, 0);
		double followersBefore = drift("followers_count");
		double followingBefore = drift("following_count");

		FollowCountReconciler.Report report = this.reconciler.reconcile();

		assertThat(report.repairedUsers()).isGreaterThanOrEqualTo(2);
		assertThat(report.followersDrift()).isGreaterThanOrEqualTo(5);
		assertThat(report.followingDrift()).isGreaterThanOrEqualTo(1);
		assertThat(counts(followee)).containsExactly(1L, 0L);
		assertThat(counts(follower)).containsExactly(0L, 1L);
		assertThat(drift("followers_count") - followersBefore).isEqualTo(report.followersDrift());
		assertThat(drift("following_count") - followingBefore).isEqualTo(report.followingDrift());
		assertThat(api().get("/v1/users/" + followee.id(), follower.accessToken())
			.assertStatus(200)
			.path("followers_count")
			.asLong()).isEqualTo(1);
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
		setCounts(user, 3, 0);
		Optional<SimpleLock> heldElsewhere = this.locks
			.lock(new LockConfiguration(Instant.now(), LOCK, Duration.ofMinutes(1), Duration.ZERO));
		assertThat(heldElsewhere).isPresent();

		this.reconciler.scheduledRun();
		List<Long> whileLocked = counts(user);
		heldElsewhere.get().unlock();
		this.reconciler.scheduledRun();

		assertThat(whileLocked).containsExactly(3L, 0L);
		assertThat(counts(user)).containsExactly(0L, 0L);
		Long lockRows = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT count(*) FROM shedlock WHERE name = :name")
			.param("name", LOCK)
			.query(Long.class)
			.single());
		assertThat(lockRows).isEqualTo(1);
	}

	private double drift(String kind) {
		return this.meters.get(FollowCountReconciler.METRIC).tag("kind", kind).counter().count();
	}

	private void setCounts(TestUser user, long followers, long following) {
		this.shards.write(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE users SET followers_count = :followers, following_count = :following WHERE id = :id")
					.param("id", user.id())
					.param("followers", followers)
					.param("following", following)
					.update());
	}

	private List<Long> counts(TestUser user) {
		return this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT followers_count, following_count FROM users WHERE id = :id")
					.param("id", user.id())
					.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
					.single());
	}

}
