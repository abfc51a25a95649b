package com.pixelgram.feed.fanout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.FeedServiceApplication;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.support.PostServiceStub;
import com.pixelgram.feed.support.RedisCleanup;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.feed.support.UserServiceStub;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.TestJwks;
import com.pixelgram.testsupport.TestRedis;
import com.pixelgram.testsupport.TestSqs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fanout whose process is killed (SIGKILL, no shutdown hook runs) halfway through an
 * author's 10,000 followers: the event comes back after its visibility timeout, a new
 * process resumes the walk from the saved checkpoint, and every active follower ends up
 * with the post exactly once. The service runs as real child JVMs on real Redis and the
 * embedded SQS; only user-service is a stand-in, slowed down so the kill lands mid-walk.
 */
class FanoutCrashRecoveryTest {

	private static final String INTERNAL_TOKEN = "feed-crash-test-internal-token";

	private static final int FOLLOWERS = 10_000;

	private static final int PAGE_SIZE = 100;

	private static final int PAGES = FOLLOWERS / PAGE_SIZE;

	private final UserServiceStub users = new UserServiceStub(INTERNAL_TOKEN);

	private final PostServiceStub posts = new PostServiceStub(INTERNAL_TOKEN);

	private final TestJwks tokens = TestJwks.start();

	private final List<Process> processes = new ArrayList<>();

	private final RedisClient redisClient = RedisClient.create(TestRedis.url());

	private final StatefulRedisConnection<String, String> redis = this.redisClient.connect();

	@AfterEach
	void stop() {
		this.processes.forEach(Process::destroyForcibly);
		this.redis.close();
		this.redisClient.shutdown();
		this.users.close();
		this.posts.close();
		this.tokens.close();
	}

	@Test
	void aFanoutKilledHalfwayIsResumedFromItsCheckpointAndReachesEveryFollowerOnce() throws Exception {
		Map<String, String> properties = new LinkedHashMap<>();
		String keyPrefix = TestInfrastructure.redis((name, value) -> properties.put(name, String.valueOf(value.get())),
				"feed-crash");
		RedisCleanup.atExit(TestRedis.url(), keyPrefix);
		String queuePrefix = TestInfrastructure.sqs((name, value) -> properties.put(name, String.valueOf(value.get())),
				"feed-crash");
		RedisKeys keys = new RedisKeys(keyPrefix);
		long author = TestIds.user();
		List<Long> followers = new ArrayList<>();
		for (int i = 0; i < FOLLOWERS; i++) {
			followers.add(TestIds.user());
		}
		this.users.followers(author, followers);
		this.users.followerPageDelay(Duration.ofMillis(40));
		markActive(keys, followers);
		PostServiceStub.Post post = this.posts.post(author, Duration.ZERO);

		Process first = startService(properties, "first");
		publish(queuePrefix, new PostPublished(post.id(), author, "https://cdn.test/p/" + post.id() + "/1080.jpg",
				"https://cdn.test/p/" + post.id() + "/150.jpg", "caption", post.createdAt()));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.users.followerCursors(author).size() >= PAGES / 3
					&& this.redis.sync().exists(keys.fanoutCheckpoint(post.id())) == 1);
		first.destroyForcibly();
		assertThat(first.waitFor()).as("exit status of a SIGKILL").isEqualTo(137);
		// A page request or a pipeline already in a socket when the process died still
		// reaches the stub or Redis a moment later: read what the dead process left only
		// once it has stopped changing.
		awaitSettled(keys, author, post.id());
		int pagesBeforeKill = this.users.followerCursors(author).size();
		String checkpoint = this.redis.sync().get(keys.fanoutCheckpoint(post.id()));
		long reachedBeforeKill = countHolding(keys, followers, post.id());
		assertThat(reachedBeforeKill).as("followers reached before the kill").isBetween(1L, FOLLOWERS - 1L);

		startService(properties, "second");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.redis.sync().exists(keys.fanoutCheckpoint(post.id())) == 0
					&& countHolding(keys, followers, post.id()) == FOLLOWERS);

		assertThat(feedSizes(keys, followers)).as("each follower's feed holds the post once").containsOnly(1L);
		List<String> cursors = this.users.followerCursors(author);
		List<String> afterRestart = cursors.subList(pagesBeforeKill, cursors.size());
		assertThat(afterRestart).as("the new process resumes, it does not start over")
			.isNotEmpty()
			.doesNotContain("start");
		assertThat(Long.parseLong(afterRestart.get(0))).as("resumed at the checkpoint")
			.isEqualTo(Long.parseLong(checkpoint));
		assertThat(new HashSet<>(cursors)).as("every page walked").hasSize(PAGES);
		// The walk fetches the next page while it writes the current one, so a kill can
		// land with two pages read past the checkpoint: both are walked again.
		assertThat(cursors.size() - PAGES).as("pages walked twice (the one written and the one prefetched)")
			.isLessThanOrEqualTo(2);
	}

	private void awaitSettled(RedisKeys keys, long author, long postId) {
		String[] last = { "" };
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
			String now = this.users.followerCursors(author).size() + "@"
					+ this.redis.sync().get(keys.fanoutCheckpoint(postId));
			boolean settled = now.equals(last[0]);
			last[0] = now;
			return settled;
		});
	}

	private Process startService(Map<String, String> infrastructure, String name) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-cp", classpath(), FeedServiceApplication.class.getName()));
		Map<String, String> arguments = new LinkedHashMap<>(infrastructure);
		arguments.put("server.port", Integer.toString(port));
		arguments.put("pixelgram.security.internal-token", INTERNAL_TOKEN);
		arguments.put("pixelgram.security.jwks-uri", this.tokens.jwksUri());
		arguments.put("pixelgram.feed.user-service-uri", this.users.uri());
		arguments.put("pixelgram.feed.post-service-uri", this.posts.uri());
		arguments.put("pixelgram.feed.fanout.follower-page-size", Integer.toString(PAGE_SIZE));
		// Long enough that a slow first page on a busy machine keeps its claim, short
		// enough that the event of the killed process comes back soon.
		arguments.put("pixelgram.events.visibility-timeout", "10s");
		arguments.put("spring.cloud.aws.sqs.listener.poll-timeout", "1s");
		arguments.put("pixelgram.feed.fanout.redis-down-retry", "2s");
		// The machine may be busy with other builds: no spurious command timeouts.
		arguments.put("spring.data.redis.timeout", "5s");
		arguments.forEach((key, value) -> command.add("--" + key + "=" + value));
		Path log = Path.of("target", "fanout-crash-" + name + ".log");
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.processes.add(process);
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.build();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			assertThat(process.isAlive()).as("feed-service process (see " + log + ")").isTrue();
			try {
				return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
		return process;
	}

	private void publish(String queuePrefix, PostPublished event) {
		try (SqsClient sqs = SqsClient.builder()
			.endpointOverride(URI.create(TestSqs.endpoint()))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(queuePrefix + "feed-events")).queueUrl();
			String body = new EventCodec().encode(UUID.randomUUID(), Instant.now(), event);
			sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body));
		}
	}

	private void markActive(RedisKeys keys, List<Long> userIds) {
		RedisAsyncCommands<String, String> commands = this.redis.async();
		List<RedisFuture<String>> replies = userIds.stream()
			.map((id) -> commands.setex(keys.active(id), 3600, "1"))
			.toList();
		LettuceFutures.awaitAll(Duration.ofSeconds(30), replies.toArray(new RedisFuture[0]));
	}

	private long countHolding(RedisKeys keys, List<Long> userIds, long postId) {
		RedisAsyncCommands<String, String> commands = this.redis.async();
		List<RedisFuture<Double>> scores = userIds.stream()
			.map((id) -> commands.zscore(keys.feed(id), Long.toString(postId)))
			.toList();
		LettuceFutures.awaitAll(Duration.ofSeconds(30), scores.toArray(new RedisFuture[0]));
		return scores.stream().filter((score) -> score.toCompletableFuture().join() != null).count();
	}

	private List<Long> feedSizes(RedisKeys keys, List<Long> userIds) {
		RedisAsyncCommands<String, String> commands = this.redis.async();
		List<RedisFuture<Long>> sizes = userIds.stream().map((id) -> commands.zcard(keys.feed(id))).toList();
		LettuceFutures.awaitAll(Duration.ofSeconds(30), sizes.toArray(new RedisFuture[0]));
		return sizes.stream().map((size) -> size.toCompletableFuture().join()).toList();
	}

	private static String classpath() {
		// Surefire puts the real class path here when it launches through a manifest-only
		// jar.
		String testClasspath = System.getProperty("surefire.test.class.path");
		return (testClasspath != null && !testClasspath.isBlank()) ? testClasspath
				: System.getProperty("java.class.path");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
