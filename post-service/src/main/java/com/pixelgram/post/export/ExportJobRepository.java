package com.pixelgram.post.export;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.pixelgram.post.jobs.LeasedJobs;
import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code data_export_job} rows, each in its user's shard; every method but
 * {@link #shardsWithDueJobs} works in the current shard transaction. Claims take the row
 * with {@code FOR UPDATE SKIP LOCKED} and move its lease, as media jobs do.
 */
@Repository
class ExportJobRepository implements LeasedJobs.Queue<ExportJob> {

	private static final String LEASE = "now() + CAST(:millis AS double precision) * interval '1 millisecond'";

	private static final String RETURNING = " RETURNING j.export_id, j.user_id, j.profile::text AS profile, j.attempts";

	private final Shards shards;

	ExportJobRepository(Shards shards) {
		this.shards = shards;
	}

	/** Records a requested build; one already recorded (a redelivery) stays as it is. */
	boolean insert(long exportId, long userId, String profileJson, Instant requestedAt) {
		return jdbc()
			.sql("INSERT INTO data_export_job (export_id, user_id, profile, requested_at) "
					+ "VALUES (:id, :user, CAST(:profile AS jsonb), :requestedAt) ON CONFLICT (export_id) DO NOTHING")
			.param("id", exportId)
			.param("user", userId)
			.param("profile", profileJson)
			.param("requestedAt", timestamp(requestedAt))
			.update() > 0;
	}

	/** Claims one build if it is due. */
	Optional<ExportJob> claim(long exportId, Duration lease) {
		return claim(" AND export_id = :id", lease, exportId);
	}

	/** Claims the next due build of the current shard. */
	@Override
	public Optional<ExportJob> claimNext(Duration lease) {
		return claim("", lease, null);
	}

	private Optional<ExportJob> claim(String condition, Duration lease, Long exportId) {
		JdbcClient.StatementSpec statement = jdbc()
			.sql("UPDATE data_export_job j SET lease_until = " + LEASE + ", attempts = j.attempts + 1 "
					+ "FROM (SELECT export_id FROM data_export_job WHERE status = 'PENDING' AND lease_until <= now()"
					+ condition + " ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED) due "
					+ "WHERE j.export_id = due.export_id" + RETURNING)
			.param("millis", lease.toMillis());
		if (exportId != null) {
			statement = statement.param("id", exportId);
		}
		return statement
			.query((rs, row) -> new ExportJob(rs.getLong("export_id"), rs.getLong("user_id"), rs.getString("profile"),
					rs.getInt("attempts")))
			.optional();
	}

	/**
	 * Marks a build done; false when it is no longer pending (the account was erased).
	 */
	boolean finish(long exportId, String status, String objectKey, String error, Instant at) {
		return jdbc()
			.sql("UPDATE data_export_job SET status = :status, object_key = :key, last_error = :error, "
					+ "completed_at = :at WHERE export_id = :id AND status = 'PENDING'")
			.param("status", status)
			.param("key", objectKey)
			.param("error", truncate(error))
			.param("at", timestamp(at))
			.param("id", exportId)
			.update() > 0;
	}

	/** Gives a build back, due again after the delay. */
	@Override
	public void release(ExportJob job, Duration delay, String error) {
		jdbc()
			.sql("UPDATE data_export_job SET lease_until = " + LEASE + ", last_error = :error "
					+ "WHERE export_id = :id AND status = 'PENDING'")
			.param("millis", delay.toMillis())
			.param("error", truncate(error))
			.param("id", job.exportId())
			.update();
	}

	/** Whether the user's account is erased (post-service's record of UserDeleted). */
	boolean erased(long userId) {
		return jdbc().sql("SELECT EXISTS (SELECT 1 FROM erased_user WHERE user_id = :user)")
			.param("user", userId)
			.query(Boolean.class)
			.single();
	}

	/** Forgets every build of the user. */
	int deleteOfUser(long userId) {
		return jdbc().sql("DELETE FROM data_export_job WHERE user_id = :user").param("user", userId).update();
	}

	/**
	 * Removes finished builds older than the cutoff, but never one whose zip is still
	 * stored: the expiry sweep must find it first.
	 */
	int deleteFinishedBefore(Instant cutoff) {
		return jdbc()
			.sql("DELETE FROM data_export_job WHERE status <> 'PENDING' AND completed_at < :cutoff "
					+ "AND object_key IS NULL")
			.param("cutoff", timestamp(cutoff))
			.update();
	}

	/**
	 * Leases the zips of the current shard whose retention has ended, as a build is
	 * leased: a sweeper that dies before it forgot them leaves them to the next run once
	 * the lease passes.
	 * @return the leased builds
	 */
	List<ExpiredZip> leaseExpired(Duration retention, Duration lease, int limit) {
		return jdbc()
			.sql("UPDATE data_export_job j SET lease_until = " + LEASE + " FROM (SELECT export_id FROM data_export_job "
					+ "WHERE " + expired(retention) + " AND lease_until <= now() ORDER BY completed_at LIMIT :limit "
					+ "FOR UPDATE SKIP LOCKED) due WHERE j.export_id = due.export_id "
					+ "RETURNING j.export_id, j.user_id, j.object_key")
			.param("millis", lease.toMillis())
			.param("limit", limit)
			.query((rs, row) -> new ExpiredZip(rs.getLong("export_id"), rs.getLong("user_id"),
					rs.getString("object_key")))
			.list();
	}

	/** Records that the build's zip is deleted from the bucket. */
	void forgetZip(long exportId, String objectKey) {
		jdbc().sql("UPDATE data_export_job SET object_key = NULL WHERE export_id = :id AND object_key = :key")
			.param("id", exportId)
			.param("key", objectKey)
			.update();
	}

	/** The logical shards of one physical database that hold a zip past its retention. */
	List<Integer> shardsWithExpiredZips(PhysicalDatabase database, Duration retention) {
		return this.shards.shardsHolding(database, "data_export_job", expired(retention));
	}

	/** The rows of stored zips whose retention has ended, by the database's clock. */
	private static String expired(Duration retention) {
		return "status = 'READY' AND object_key IS NOT NULL AND completed_at < now() - "
				+ Long.toString(retention.toMillis()) + " * interval '1 millisecond'";
	}

	/**
	 * A stored zip past its retention.
	 *
	 * @param exportId the export
	 * @param userId its user
	 * @param objectKey the zip's key in the media bucket
	 */
	record ExpiredZip(long exportId, long userId, String objectKey) {

	}

	/** The logical shards of one physical database that have a due build. */
	@Override
	public List<Integer> shardsWithDueJobs(PhysicalDatabase database) {
		return this.shards.shardsHolding(database, "data_export_job", "status = 'PENDING' AND lease_until <= now()");
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

	private static String truncate(String error) {
		return (error != null && error.length() > 500) ? error.substring(0, 500) : error;
	}

	static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
