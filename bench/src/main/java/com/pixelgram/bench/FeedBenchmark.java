package com.pixelgram.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.pixelgram.id.IdGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The feed's figures against the running suite: how long a post takes to reach the feeds
 * of an author's 10,000 followers, and the naive alternative to the cached, ranked feed
 * (SQL over the followees' posts at read time) measured on the same seeded data.
 */
final class FeedBenchmark {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern POST_ID = Pattern.compile("\"post_id\"\\s*:\\s*\"(\\d+)\"");

	private static final int SAMPLED_FOLLOWERS = 200;

	/** feed-service's key prefix (its default, which dev-stack keeps). */
	private static final String FEED_KEYS = "feed-service:";

	private static final Duration POLL = Duration.ofMillis(20);

	/** The naive pull's load before its measured run. */
	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private FeedBenchmark() {
	}

	/**
	 * Uploads {@code posts} photos through the gateway as the author and watches a sample
	 * of the followers' feeds in Redis until every one holds the post. The clock starts
	 * when the upload is accepted (202), so a figure includes the renditions, the outbox,
	 * SQS and the fanout walk.
	 * @return result lines: {@code fanout_visible} and {@code fanout_rate}
	 */
	static List<String> fanout(String gateway, String userService, String redisUrl, String author, String password,
			List<Long> authorFollowers, long authorId, int posts) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String token = login(http, userService, author, password);
		RedisClient client = RedisClient.create(redisUrl);
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			RedisAsyncCommands<String, String> commands = redis.async();
			// Followers who read their feed lately: the fanout writes only to them.
			awaitAll(authorFollowers.stream()
				.map((id) -> commands.setex(FEED_KEYS + "active:{" + id + "}", Duration.ofDays(14).toSeconds(), "1"))
				.toList());
			List<Long> sample = new ArrayList<>();
			List<Long> sorted = authorFollowers.stream().sorted().toList();
			for (int i = 0; i < SAMPLED_FOLLOWERS; i++) {
				sample.add(sorted.get((int) ((long) i * sorted.size() / SAMPLED_FOLLOWERS)));
			}
			byte[] photo = photo();
			List<Double> visibleMillis = new ArrayList<>();
			List<Double> rates = new ArrayList<>();
			List<Double> walks = new ArrayList<>();
			for (int p = 0; p < posts; p++) {
				long started = System.nanoTime();
				long postId = upload(http, gateway, token, photo, "Fanout benchmark");
				long accepted = System.nanoTime();
				long[] arrivals = watch(commands, authorId, sample, postId);
				long authorArrival = arrivals[sample.size()];
				long last = Arrays.stream(arrivals, 0, sample.size()).max().orElseThrow();
				for (int i = 0; i < sample.size(); i++) {
					visibleMillis.add((arrivals[i] - accepted) / 1e6);
				}
				double walkSeconds = Math.max(1, last - authorArrival) / 1e9;
				walks.add(walkSeconds * 1000);
				rates.add((authorFollowers.size() + 1) / walkSeconds);
				System.out.printf("Post %d: accepted in %.0f ms, fanout walk %.0f ms, last follower at %.0f ms%n",
						p + 1, (accepted - started) / 1e6, walkSeconds * 1000, (last - accepted) / 1e6);
			}
			return List.of(
					String.format("fanout_visible p50=%.1f p95=%.1f p99=%.1f samples=%d posts=%d followers=%d",
							percentile(visibleMillis, 50), percentile(visibleMillis, 95), percentile(visibleMillis, 99),
							visibleMillis.size(), posts, authorFollowers.size()),
					String.format("fanout_rate inserts_per_s=%.0f walk_ms=%.0f", percentile(rates, 50),
							percentile(walks, 50)));
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * The naive feed: per request, the viewer's followees from user-service's tables,
	 * then the newest 20 posts among theirs from each shard of post-service's, merged.
	 * The pools are the size of a service's (10 per database).
	 * @return one result line named {@code name}
	 */
	static String naivePull(String name, GraphSeeder.Databases users, GraphSeeder.Databases posts, List<Long> viewers,
			int threads, Duration duration) throws Exception {
		Map<String, HikariDataSource> pools = new HashMap<>();
		for (String url : List.of(users.first(), users.second(), posts.first(), posts.second())) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(url);
			config.setUsername("postgres");
			config.setPassword("postgres");
			config.setMaximumPoolSize(10);
			config.setReadOnly(true);
			pools.put(url, new HikariDataSource(config));
		}
		try {
			// Warm-up: plans cached, pages in memory and this JVM's JIT done, as the
			// service's reads get after theirs; then the measured run.
			for (long viewer : viewers) {
				naiveFeed(pools, users, posts, viewer);
			}
			load(pools, users, posts, viewers, threads, WARM_UP);
			long start = System.nanoTime();
			List<long[]> perThread = load(pools, users, posts, viewers, threads, duration);
			double seconds = (System.nanoTime() - start) / 1e9;
			List<Double> millis = new ArrayList<>();
			for (long[] latencies : perThread) {
				for (int i = 1; i <= latencies[0]; i++) {
					millis.add(latencies[i] / 1e6);
				}
			}
			return String.format("%s rps=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d errors=0", name,
					millis.size() / seconds, percentile(millis, 50), percentile(millis, 95), percentile(millis, 99),
					millis.size());
		}
		finally {
			pools.values().forEach(HikariDataSource::close);
		}
	}

	/**
	 * {@code threads} threads pulling feeds for {@code duration}: per thread, the count
	 * then the latencies.
	 */
	private static List<long[]> load(Map<String, HikariDataSource> pools, GraphSeeder.Databases users,
			GraphSeeder.Databases posts, List<Long> viewers, int threads, Duration duration)
			throws InterruptedException {
		List<long[]> perThread = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		long deadline = System.nanoTime() + duration.toNanos();
		for (int t = 0; t < threads; t++) {
			long[] latencies = new long[100_000];
			perThread.add(latencies);
			Thread worker = new Thread(() -> {
				int n = 0;
				Random random = ThreadLocalRandom.current();
				while (System.nanoTime() < deadline && n < latencies.length - 1) {
					long begin = System.nanoTime();
					try {
						naiveFeed(pools, users, posts, viewers.get(random.nextInt(viewers.size())));
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
					latencies[++n] = System.nanoTime() - begin;
				}
				latencies[0] = n;
			}, "naive-feed-" + t);
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		return perThread;
	}

	private static List<Long> naiveFeed(Map<String, HikariDataSource> pools, GraphSeeder.Databases users,
			GraphSeeder.Databases posts, long viewer) throws SQLException {
		int viewerShard = IdGenerator.shardOf(viewer);
		List<List<Long>> byShard = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			byShard.add(new ArrayList<>());
		}
		try (Connection connection = pools.get(users.urlOf(viewerShard)).getConnection();
				PreparedStatement query = connection.prepareStatement("SELECT followee_id FROM "
						+ GraphSeeder.schema(viewerShard) + ".following WHERE follower_id = ?")) {
			query.setLong(1, viewer);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					long followee = rows.getLong(1);
					byShard.get(IdGenerator.shardOf(followee)).add(followee);
				}
			}
		}
		PriorityQueue<Long> newest = new PriorityQueue<>();
		for (int shard = 0; shard < 8; shard++) {
			if (byShard.get(shard).isEmpty()) {
				continue;
			}
			try (Connection connection = pools.get(posts.urlOf(shard)).getConnection();
					PreparedStatement query = connection.prepareStatement("SELECT post_id, user_id, caption, "
							+ "media_key, likes_count, comments_count, created_at FROM " + GraphSeeder.schema(shard)
							+ ".post WHERE user_id = ANY (?) AND upload_status = 'READY' "
							+ "ORDER BY post_id DESC LIMIT 20")) {
				Array authors = connection.createArrayOf("bigint", byShard.get(shard).toArray());
				query.setArray(1, authors);
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						newest.add(rows.getLong(1));
						if (newest.size() > 20) {
							newest.poll();
						}
					}
				}
			}
		}
		return new ArrayList<>(newest);
	}

	/** When each sampled follower (then the author, last slot) first held the post. */
	private static long[] watch(RedisAsyncCommands<String, String> commands, long authorId, List<Long> sample,
			long postId) throws InterruptedException {
		List<Long> watched = new ArrayList<>(sample);
		watched.add(authorId);
		long[] arrivals = new long[watched.size()];
		String member = Long.toString(postId);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		int pending = watched.size();
		while (pending > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(pending + " feeds never got post " + postId);
			}
			List<Integer> indexes = new ArrayList<>();
			List<RedisFuture<Double>> scores = new ArrayList<>();
			for (int i = 0; i < watched.size(); i++) {
				if (arrivals[i] == 0) {
					indexes.add(i);
					scores.add(commands.zscore(FEED_KEYS + "feed:{" + watched.get(i) + "}", member));
				}
			}
			awaitAll(scores);
			long now = System.nanoTime();
			for (int j = 0; j < indexes.size(); j++) {
				if (scores.get(j).toCompletableFuture().join() != null) {
					arrivals[indexes.get(j)] = now;
					pending--;
				}
			}
			Thread.sleep(POLL.toMillis());
		}
		return arrivals;
	}

	private static String login(HttpClient http, String userService, String username, String password)
			throws IOException, InterruptedException {
		String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(userService + "/v1/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher token = ACCESS_TOKEN.matcher(response.body());
		if (response.statusCode() != 200 || !token.find()) {
			throw new IllegalStateException("login of " + username + " failed: " + response.statusCode());
		}
		return token.group(1);
	}

	static long upload(HttpClient http, String gateway, String token, byte[] photo, String caption)
			throws IOException, InterruptedException {
		String boundary = "bench-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n" + caption
				+ "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(photo);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/posts"))
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher postId = POST_ID.matcher(response.body());
		if (response.statusCode() != 202 || !postId.find()) {
			throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
		}
		return Long.parseLong(postId.group(1));
	}

	/** A 1080 × 1350 JPEG, as a phone's portrait photo after the app's own resize. */
	static byte[] photo() throws IOException {
		BufferedImage image = new BufferedImage(1080, 1350, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), 1080, 1350, new Color(240, 170, 60)));
		graphics.fillRect(0, 0, 1080, 1350);
		Random random = new Random(7);
		for (int i = 0; i < 400; i++) {
			graphics.setColor(new Color(random.nextInt(0xffffff)));
			graphics.fillOval(random.nextInt(1080), random.nextInt(1350), 20 + random.nextInt(80),
					20 + random.nextInt(80));
		}
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpg", out);
		return out.toByteArray();
	}

	private static <T> void awaitAll(List<? extends RedisFuture<T>> futures) {
		if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), futures.toArray(new RedisFuture[0]))) {
			throw new IllegalStateException("Redis did not answer in 30 s");
		}
	}

	static double percentile(List<Double> values, double percentile) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	static List<Long> readIds(Path file) throws IOException {
		return Files.readAllLines(file).stream().filter((line) -> !line.isBlank()).map(Long::valueOf).toList();
	}

}
