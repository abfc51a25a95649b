package com.pixelgram.post.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.pixelgram.post.jobs.LeasedJobs;
import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code media_job} rows of every shard. A job is due when its lease has passed;
 * claiming moves the lease into the future with {@code FOR UPDATE SKIP LOCKED}, so that
 * two workers never take the same job and a crashed worker's job comes back. A claim
 * counts as an attempt whether or not its worker lives to report the outcome.
 */
@Repository
class MediaJobRepository implements LeasedJobs.Queue<MediaJob> {

	private static final String LEASE = "now() + CAST(:millis AS double precision) * interval '1 millisecond'";

	private final Shards shards;

	MediaJobRepository(Shards shards) {
		this.shards = shards;
	}

	/** Adds a due job, or makes an existing one of the same kind due again. */
	void schedule(long postId, MediaJob.Kind kind, String mediaKey, int photoCount) {
		this.shards.jdbc()
			.sql("INSERT INTO media_job (post_id, kind, media_key, photo_count) "
					+ "VALUES (:postId, :kind, :mediaKey, :photoCount) "
					+ "ON CONFLICT (post_id, kind) DO UPDATE SET media_key = EXCLUDED.media_key, "
					+ "photo_count = EXCLUDED.photo_count, lease_until = now(), attempts = 0")
			.param("postId", postId)
			.param("kind", kind.name())
			.param("mediaKey", mediaKey)
			.param("photoCount", photoCount)
			.update();
	}

	/** Claims the next due job of the current shard, if any. */
	@Override
	public Optional<MediaJob> claimNext(Duration lease) {
		return claim("", lease, null, null);
	}

	/** Claims one job when it is due. */
	Optional<MediaJob> claim(long postId, MediaJob.Kind kind, Duration lease) {
		return claim(" AND post_id = :postId AND kind = :kind", lease, postId, kind);
	}

	private Optional<MediaJob> claim(String condition, Duration lease, Long postId, MediaJob.Kind kind) {
		JdbcClient.StatementSpec statement = this.shards.jdbc()
			.sql("UPDATE media_job j SET lease_until = " + LEASE + ", attempts = j.attempts + 1 "
					+ "FROM (SELECT post_id, kind FROM media_job WHERE lease_until <= now()" + condition
					+ " ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED) due "
					+ "WHERE j.post_id = due.post_id AND j.kind = due.kind "
					+ "RETURNING j.post_id, j.kind, j.media_key, j.photo_count, j.attempts, j.last_error")
			.param("millis", lease.toMillis());
		if (postId != null) {
			statement = statement.param("postId", postId).param("kind", kind.name());
		}
		return statement.query(MediaJobRepository::map).optional();
	}

	void delete(long postId, MediaJob.Kind kind) {
		this.shards.jdbc()
			.sql("DELETE FROM media_job WHERE post_id = :postId AND kind = :kind")
			.param("postId", postId)
			.param("kind", kind.name())
			.update();
	}

	/** Gives a job back, due again after the delay. */
	@Override
	public void release(MediaJob job, Duration delay, String error) {
		this.shards.jdbc()
			.sql("UPDATE media_job SET lease_until = " + LEASE + ", last_error = :error "
					+ "WHERE post_id = :postId AND kind = :kind")
			.param("millis", delay.toMillis())
			.param("error", (error.length() > 500) ? error.substring(0, 500) : error)
			.param("postId", job.postId())
			.param("kind", job.kind().name())
			.update();
	}

	/**
	 * The logical shards of one physical database that have a due job: one statement per
	 * few hundred schemas instead of one per shard.
	 */
	@Override
	public List<Integer> shardsWithDueJobs(PhysicalDatabase database) {
		return this.shards.shardsHolding(database, "media_job", "lease_until <= now()");
	}

	private static MediaJob map(ResultSet rs, int row) throws SQLException {
		return new MediaJob(rs.getLong("post_id"), MediaJob.Kind.valueOf(rs.getString("kind")),
				rs.getString("media_key"), rs.getInt("photo_count"), rs.getInt("attempts"), rs.getString("last_error"));
	}

}
