package com.pixelgram.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pixelgram.id.IdGenerator;
import org.postgresql.PGConnection;

/**
 * Seeds the follow graph and the posts in bulk, through user-service's and post-service's
 * own tables (COPY, both sides of every edge in the shard of its owner, as the services
 * write them), reproducible from a seed number.
 * <p>
 * The graph is a power law: out-degrees follow a Pareto distribution (at least 5, capped
 * at 1,000) and followees are drawn by a Zipf law over the users' rank, so a handful of
 * users gather tens of thousands of followers (the celebrities) while most have a few.
 * Beside it, fixed shapes the benchmarks need: one author with exactly 10,000 followers,
 * viewers following exactly 10 and exactly 5,000 accounts.
 */
final class GraphSeeder {

	private static final int SHARDS = 8;

	private static final int MAX_OUT_DEGREE = 1_000;

	static final int FANOUT_FOLLOWERS = 10_000;

	static final int SMALL_VIEWERS = 50;

	static final int SMALL_FOLLOWING = 10;

	static final int LARGE_VIEWERS = 20;

	static final int LARGE_FOLLOWING = 5_000;

	/** The two physical databases of a sharded service (shards 0-3, 4-7). */
	record Databases(String first, String second) {

		String urlOf(int shard) {
			return (shard < SHARDS / 2) ? this.first : this.second;
		}

	}

	/**
	 * What was seeded.
	 *
	 * @param fanoutAuthor index (in seeding order) of the author with exactly 10,000
	 * followers
	 * @param fanoutFollowers indexes of those followers
	 * @param smallViewers indexes of the viewers who follow 10 accounts
	 * @param largeViewers indexes of the viewers who follow 5,000 accounts
	 * @param followerCounts followers per user, by index
	 * @param samplePosts up to 5,000 of the seeded posts, for the load driver
	 */
	record Graph(int fanoutAuthor, int[] fanoutFollowers, int[] smallViewers, int[] largeViewers, long edges,
			long posts, int[] followerCounts, List<Long> samplePosts) {

		int usersOver(int threshold) {
			return (int) Arrays.stream(this.followerCounts).filter((count) -> count >= threshold).count();
		}

		int maxFollowers() {
			return Arrays.stream(this.followerCounts).max().orElse(0);
		}

	}

	private final List<Long> ids;

	private final Random random;

	private final Instant now = Instant.now();

	private final StringBuilder[] following = new StringBuilder[SHARDS];

	private final StringBuilder[] followers = new StringBuilder[SHARDS];

	private final int[] followerCounts;

	private long edges;

	GraphSeeder(List<Long> ids, long seed) {
		this.ids = ids;
		this.random = new Random(seed);
		this.followerCounts = new int[ids.size()];
		for (int i = 0; i < SHARDS; i++) {
			this.following[i] = new StringBuilder();
			this.followers[i] = new StringBuilder();
		}
	}

	/**
	 * Seeds the graph over the users (by seeding order) and {@code postsPerUser} posts
	 * for every user who is followed by anyone.
	 */
	Graph seed(Databases users, Databases posts, int postsPerUser) throws SQLException, IOException {
		int count = this.ids.size();
		// The last users are kept out of the random graph: the viewers and the fanout
		// author get exact shapes.
		int reserved = 1 + SMALL_VIEWERS + LARGE_VIEWERS;
		int general = count - reserved;
		if (general < LARGE_FOLLOWING * 2) {
			throw new IllegalArgumentException("seed at least " + (LARGE_FOLLOWING * 2 + reserved) + " users");
		}
		int fanoutAuthor = general;
		int[] smallViewers = range(general + 1, SMALL_VIEWERS);
		int[] largeViewers = range(general + 1 + SMALL_VIEWERS, LARGE_VIEWERS);
		double[] zipf = zipfCumulative(general);

		for (int user = 0; user < general; user++) {
			int degree = (int) Math.min(MAX_OUT_DEGREE,
					Math.floor(5 / Math.pow(1 - this.random.nextDouble(), 1 / 1.5)));
			follow(user, pick(zipf, degree, user));
		}
		Set<Integer> authorFollowers = new HashSet<>();
		while (authorFollowers.size() < FANOUT_FOLLOWERS) {
			authorFollowers.add(this.random.nextInt(general));
		}
		for (int follower : authorFollowers) {
			follow(follower, new int[] { fanoutAuthor });
		}
		for (int viewer : smallViewers) {
			follow(viewer, pick(zipf, SMALL_FOLLOWING, -1));
		}
		for (int viewer : largeViewers) {
			follow(viewer, pick(zipf, LARGE_FOLLOWING, -1));
		}
		inParallel((shard) -> {
			copy(users.urlOf(shard), shard,
					"COPY following (follower_id, followee_id, created_at) FROM STDIN (FORMAT csv)",
					this.following[shard]);
			copy(users.urlOf(shard), shard,
					"COPY followers (followee_id, follower_id, created_at) FROM STDIN (FORMAT csv)",
					this.followers[shard]);
			this.following[shard] = null;
			this.followers[shard] = null;
			execute(users.urlOf(shard), shard,
					"UPDATE users u SET followers_count = c.n FROM (SELECT followee_id, count(*) AS n FROM followers "
							+ "GROUP BY followee_id) c WHERE u.id = c.followee_id",
					"UPDATE users u SET following_count = c.n FROM (SELECT follower_id, count(*) AS n FROM following "
							+ "GROUP BY follower_id) c WHERE u.id = c.follower_id",
					"ANALYZE following", "ANALYZE followers", "ANALYZE users");
		});
		List<Long> samplePosts = new ArrayList<>();
		long seededPosts = seedPosts(posts, users, general + 1, postsPerUser, samplePosts);
		return new Graph(fanoutAuthor, authorFollowers.stream().mapToInt(Integer::intValue).toArray(), smallViewers,
				largeViewers, this.edges, seededPosts, this.followerCounts, samplePosts);
	}

	private long seedPosts(Databases posts, Databases users, int authors, int postsPerUser, List<Long> sample)
			throws SQLException, IOException {
		StringBuilder[] rows = new StringBuilder[SHARDS];
		List<List<Long>> authorsByShard = new ArrayList<>();
		for (int i = 0; i < SHARDS; i++) {
			rows[i] = new StringBuilder();
			authorsByShard.add(new ArrayList<>());
		}
		Set<Long> used = new HashSet<>();
		long seeded = 0;
		long week = Duration.ofDays(7).toMillis();
		for (int author = 0; author < authors; author++) {
			long authorId = this.ids.get(author);
			int shard = IdGenerator.shardOf(authorId);
			for (int i = 0; i < postsPerUser; i++) {
				Instant at = this.now.minusMillis((long) (this.random.nextDouble() * week));
				long postId = IdGenerator.lowestIdAt(at) | ((long) shard << 10) | this.random.nextInt(1024);
				if (!used.add(postId)) {
					continue;
				}
				// Engagement is as skewed as the graph: most posts get a few likes.
				long likes = (long) Math.floor(2 / Math.pow(1 - this.random.nextDouble(), 1 / 1.2)) - 2;
				long comments = likes / 10;
				rows[shard].append(postId)
					.append(',')
					.append(authorId)
					.append(",\"Seeded post ")
					.append(postId)
					.append("\",,,bench/")
					.append(postId)
					.append(",image/jpeg,1080,1080,READY,,")
					.append(likes)
					.append(',')
					.append(comments)
					.append(',')
					.append(at)
					.append(',')
					.append(at)
					.append('\n');
				seeded++;
				if (sample.size() < 5_000 && this.random.nextInt(10) == 0) {
					sample.add(postId);
				}
			}
			authorsByShard.get(shard).add(authorId);
		}
		inParallel((shard) -> {
			copy(posts.urlOf(shard), shard,
					"COPY post (post_id, user_id, caption, location, alt_text, media_key, "
							+ "media_type, width, height, upload_status, failure_reason, likes_count, comments_count, "
							+ "created_at, published_at) FROM STDIN (FORMAT csv)",
					rows[shard]);
			execute(posts.urlOf(shard), shard, "ANALYZE post");
			// The profile's denormalised count, as post-service's events would have set
			// it.
			try (Connection connection = connect(users.urlOf(shard));
					PreparedStatement update = connection.prepareStatement(
							"UPDATE " + schema(shard) + ".users SET posts_count = ? WHERE id = ANY (?)")) {
				update.setLong(1, postsPerUser);
				update.setArray(2, connection.createArrayOf("bigint", authorsByShard.get(shard).toArray()));
				update.executeUpdate();
			}
		});
		return seeded;
	}

	private void follow(int follower, int[] followees) {
		long followerId = this.ids.get(follower);
		int followerShard = IdGenerator.shardOf(followerId);
		for (int followee : followees) {
			long followeeId = this.ids.get(followee);
			String at = this.now.minusSeconds(this.random.nextInt(30 * 24 * 3600)).toString();
			this.following[followerShard].append(followerId)
				.append(',')
				.append(followeeId)
				.append(',')
				.append(at)
				.append('\n');
			this.followers[IdGenerator.shardOf(followeeId)].append(followeeId)
				.append(',')
				.append(followerId)
				.append(',')
				.append(at)
				.append('\n');
			this.followerCounts[followee]++;
			this.edges++;
		}
	}

	/** {@code count} distinct followees by the Zipf law, never {@code self}. */
	private int[] pick(double[] zipf, int count, int self) {
		Set<Integer> picked = new HashSet<>();
		while (picked.size() < count) {
			int index = Arrays.binarySearch(zipf, this.random.nextDouble() * zipf[zipf.length - 1]);
			int user = (index >= 0) ? index : Math.min(-index - 1, zipf.length - 1);
			if (user != self) {
				picked.add(user);
			}
		}
		return picked.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Cumulative weights of ranks 1..n under a Zipf law of exponent 1. */
	private static double[] zipfCumulative(int n) {
		double[] cumulative = new double[n];
		double sum = 0;
		for (int rank = 0; rank < n; rank++) {
			sum += 1.0 / (rank + 1);
			cumulative[rank] = sum;
		}
		return cumulative;
	}

	private static int[] range(int from, int count) {
		int[] range = new int[count];
		for (int i = 0; i < count; i++) {
			range[i] = from + i;
		}
		return range;
	}

	/** Work on one logical shard's schema. */
	private interface ShardWork {

		void run(int shard) throws SQLException, IOException;

	}

	/**
	 * Runs the work on every shard, two at a time, interleaving the physical databases
	 * (the first half of the shards live on one, the second on the other), so that both
	 * Postgres backends work at once.
	 */
	private static void inParallel(ShardWork work) throws SQLException, IOException {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < SHARDS / 2; i++) {
				for (int shard : new int[] { i, i + SHARDS / 2 }) {
					done.add(pool.submit(() -> {
						work.run(shard);
						return null;
					}));
				}
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof SQLException sql) {
				throw sql;
			}
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void copy(String url, int shard, String sql, CharSequence rows) throws SQLException, IOException {
		try (Connection connection = connect(url)) {
			connection.setSchema(schema(shard));
			connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows.toString()));
		}
	}

	private static void execute(String url, int shard, String... statements) throws SQLException {
		try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
			connection.setSchema(schema(shard));
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, "postgres", "postgres");
	}

	static String schema(int shard) {
		return String.format("shard_%04d", shard);
	}

	static List<Long> idsOf(List<Long> ids, int[] indexes) {
		List<Long> selected = new ArrayList<>();
		for (int index : indexes) {
			selected.add(ids.get(index));
		}
		return selected;
	}

}
