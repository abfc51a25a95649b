package com.pixelgram.post;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.TestJwks;
import com.pixelgram.testsupport.TestS3;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service on real Postgres, Redis, SQS and S3 (S3Proxy), with tokens signed
 * here and published on a local JWKS endpoint, and a stand-in for user-service's
 * {@code /internal/users}. Every test class extending it shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.security.internal-token=" + PostIntegrationTest.INTERNAL_TOKEN,
				"pixelgram.security.internal-callers.feed.token=" + PostIntegrationTest.FEED_TOKEN,
				"pixelgram.security.internal-callers.notification.token=" + PostIntegrationTest.NOTIFICATION_TOKEN,
				"pixelgram.media.worker.poll-interval=200ms", "pixelgram.media.worker.retry-backoff=500ms",
				"pixelgram.media.worker.max-attempts=2", "pixelgram.media.worker.pool-size=2",
				"pixelgram.resilience.circuit-breakers.user-service.wait-duration-in-open-state=1ms",
				"pixelgram.events.relay.poll-interval=100ms", "pixelgram.post.export.poll-interval=200ms",
				"pixelgram.post.export.retry-backoff=200ms", "pixelgram.post.export.part-size=5MB" })
public abstract class PostIntegrationTest {

	/** What this service sends to user-service. */
	protected static final String INTERNAL_TOKEN = "between-services-secret";

	/** What feed-service sends to this one. */
	protected static final String FEED_TOKEN = "feed-service-secret";

	/** What notification-service sends to this one. */
	protected static final String NOTIFICATION_TOKEN = "notification-service-secret";

	private static final TestJwks JWKS = TestJwks.start();

	/** Users the user-service stand-in knows: every ID, named {@code user<ID>}. */
	protected static final UserServiceStub USER_SERVICE = new UserServiceStub();

	protected static final String BUCKET = TestS3.createBucket("posts");

	private static final AtomicLong NEXT_USER = new AtomicLong(System.nanoTime() & 0xffffff);

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient anonymous = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@Autowired
	protected Shards shards;

	@Autowired
	protected IdGenerator ids;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "posts", 8, 2);
		TestInfrastructure.redis(registry, "posts");
		TestInfrastructure.sqs(registry, "posts");
		// S3Proxy's credentials, for SQS (ElasticMQ takes any) and S3 alike.
		registry.add("spring.cloud.aws.credentials.access-key", () -> TestS3.server().accessKey());
		registry.add("spring.cloud.aws.credentials.secret-key", () -> TestS3.server().secretKey());
		registry.add("spring.cloud.aws.s3.endpoint", () -> TestS3.server().endpoint());
		registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
		registry.add("pixelgram.media.bucket", () -> BUCKET);
		registry.add("pixelgram.media.cdn-base-url", () -> TestS3.server().endpoint() + "/" + BUCKET);
		registry.add("pixelgram.security.jwks-uri", JWKS::jwksUri);
		registry.add("pixelgram.post.user-service-uri", USER_SERVICE::uri);
	}

	/** A user ID of a shard this deployment has, different on every call. */
	protected long newUser() {
		long sequence = NEXT_USER.incrementAndGet();
		int shard = (int) (sequence % this.shards.count());
		// IDs as user-service makes them: time, then the shard, then a sequence.
		return this.ids.nextId(shard);
	}

	protected RestClient client() {
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://127.0.0.1:" + this.port)
			.build();
	}

	protected Reply get(long userId, String path) {
		return Reply.of(client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(userId)));
	}

	protected Reply delete(long userId, String path) {
		return Reply.of(client().delete().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(userId)));
	}

	protected Reply post(long userId, String path) {
		return Reply.of(client().post().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(userId)));
	}

	protected Reply postJson(long userId, String path, String json) {
		return Reply.of(client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer(userId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json));
	}

	protected Reply patchJson(long userId, String path, String json) {
		return Reply.of(client().patch()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer(userId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json));
	}

	protected Reply upload(long userId, byte[] image, String filename, String contentType, String... fields) {
		return uploadWithKey(userId, null, image, filename, contentType, fields);
	}

	/**
	 * A multipart upload; {@code fields} are name/value pairs of text parts.
	 */
	protected Reply uploadWithKey(long userId, String idempotencyKey, byte[] image, String filename, String contentType,
			String... fields) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		if (image != null) {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.parseMediaType(contentType));
			headers.setContentDispositionFormData("image", filename);
			parts.add("image", new HttpEntity<>(new ByteArrayResource(image), headers));
		}
		for (int i = 0; i + 1 < fields.length; i += 2) {
			parts.add(fields[i], fields[i + 1]);
		}
		RestClient.RequestBodySpec request = client().post()
			.uri("/v1/posts")
			.header(HttpHeaders.AUTHORIZATION, bearer(userId))
			.contentType(MediaType.MULTIPART_FORM_DATA);
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return Reply.of(request.body(parts));
	}

	/** Uploads an image and waits until its post is READY; returns the post. */
	protected JsonNode uploadReady(long userId, byte[] image) {
		Reply reply = upload(userId, image, "photo.png", "image/png", "caption", "a caption");
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		return awaitStatus(userId, postId, "READY");
	}

	protected JsonNode awaitStatus(long ownerId, long postId, String status) {
		List<JsonNode> seen = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			Reply reply = get(ownerId, "/v1/posts/" + postId);
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
			seen.add(0, reply.json());
			assertThat(reply.json().path("upload_status").asString()).isEqualTo(status);
		});
		return seen.get(0);
	}

	/** An anonymous GET, as a browser fetches an image from the CDN. */
	protected HttpResponse<byte[]> fetch(String url) {
		try {
			return this.anonymous.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The event types in the outbox about a post, in order. */
	protected List<String> outboxEvents(long postId) {
		int shard = this.shards.shardOf(postId);
		return this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT DISTINCT ON (event_id) event_type, id FROM outbox.message "
							+ "WHERE payload->'payload'->>'post_id' = :id ORDER BY event_id, id")
					.param("id", Long.toString(postId))
					.query((rs, row) -> new Object[] { rs.getString(1), rs.getLong(2) })
					.list()
					.stream()
					.sorted((a, b) -> Long.compare((Long) a[1], (Long) b[1]))
					.map((row) -> (String) row[0])
					.toList());
	}

	/** The payload of the post's event of that type, as the outbox holds it (JSON). */
	protected String outboxPayload(long postId, String eventType) {
		int shard = this.shards.shardOf(postId);
		return this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT payload->'payload' FROM outbox.message "
							+ "WHERE payload->'payload'->>'post_id' = :id AND event_type = :type ORDER BY id LIMIT 1")
					.param("id", Long.toString(postId))
					.param("type", eventType)
					.query(String.class)
					.single());
	}

	protected static String bearer(long userId) {
		return "Bearer " + JWKS.token(userId);
	}

	/**
	 * A bearer token saying whether the user's email is verified, as user-service's do.
	 */
	protected static String bearer(long userId, boolean emailVerified) {
		return "Bearer " + JWKS.token(userId, emailVerified);
	}

	/**
	 * What a call answered, whatever the status.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body as text
	 */
	protected record Reply(int status, HttpHeaders headers, String body) {

		public static Reply of(RestClient.RequestHeadersSpec<?> request) {
			return request.exchange((clientRequest, response) -> {
				try (InputStream body = response.getBody()) {
					return new Reply(response.getStatusCode().value(), HttpHeaders.copyOf(response.getHeaders()),
							new String(body.readAllBytes(), StandardCharsets.UTF_8));
				}
			});
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** Asserts an RFC 9457 problem of this status and type slug. */
		public JsonNode assertProblem(int expectedStatus, String slug) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(this.headers.getContentType()).as(this.body)
				.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
			JsonNode problem = json();
			assertThat(problem.path("type").asString()).isEqualTo("https://pixelgram.dev/problems/" + slug);
			return problem;
		}

	}

	/**
	 * user-service's {@code GET /internal/users?ids=} (and {@code ?usernames=}) on
	 * WireMock, answering {@code user<ID>} for every ID, and only to this service's
	 * internal token (403 otherwise); its request journal is what the tests ask about the
	 * calls.
	 */
	protected static final class UserServiceStub {

		private static final String PATH = "/internal/users";

		private final WireMockServer server;

		private volatile StubMapping down;

		UserServiceStub() {
			this.server = new WireMockServer(
					WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().extensions(new Users()));
			this.server.start();
			this.server.stubFor(WireMock.get(urlPathEqualTo(PATH))
				.atPriority(5)
				.withHeader("X-Internal-Token", equalTo(INTERNAL_TOKEN))
				.willReturn(aResponse().withTransformers(Users.NAME)));
			this.server.stubFor(any(urlPathEqualTo(PATH)).atPriority(10).willReturn(json(403, "{}")));
		}

		public String uri() {
			return this.server.baseUrl();
		}

		public int calls() {
			return this.server.countRequestsMatching(anyRequestedFor(urlPathEqualTo(PATH)).build()).getCount();
		}

		/** The calls that looked users up by username (mentions). */
		public int usernameLookups() {
			return this.server
				.countRequestsMatching(
						getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("usernames", matching(".*")).build())
				.getCount();
		}

		/**
		 * The traceparent headers of the calls so far, oldest first (as the journal lists
		 * them).
		 */
		public List<String> traceparents() {
			return this.server.findAll(anyRequestedFor(urlPathEqualTo(PATH)))
				.stream()
				.map((request) -> request.getHeader("traceparent"))
				.filter(Objects::nonNull)
				.toList();
		}

		/** Whether user-service answers 503 to everything. */
		public synchronized void setDown(boolean down) {
			if (down && this.down == null) {
				this.down = this.server.stubFor(any(urlPathEqualTo(PATH)).atPriority(1).willReturn(json(503, "{}")));
			}
			else if (!down && this.down != null) {
				this.server.removeStub(this.down);
				this.down = null;
			}
		}

		private static ResponseDefinitionBuilder json(int status, String body) {
			return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
		}

		/**
		 * The users asked for: each ID of {@code ids}, or each {@code user<ID>} of
		 * {@code usernames} (any other name is nobody's), as {@code user<ID>}.
		 */
		private static final class Users implements ResponseDefinitionTransformerV2 {

			static final String NAME = "user-service-users";

			@Override
			public ResponseDefinition transform(ServeEvent event) {
				QueryParameter usernames = event.getRequest().queryParameter("usernames");
				QueryParameter ids = event.getRequest().queryParameter("ids");
				List<String> users = new ArrayList<>();
				if (usernames.isPresent()) {
					Arrays.stream(usernames.firstValue().split(","))
						.map((name) -> name.toLowerCase(Locale.ROOT))
						.filter((name) -> name.matches("user[0-9]+"))
						.map((name) -> name.substring("user".length()))
						.forEach(users::add);
				}
				else if (ids.isPresent()) {
					Arrays.stream(ids.firstValue().split(",")).filter((id) -> !id.isEmpty()).forEach(users::add);
				}
				String body = users.stream()
					.map((id) -> "{\"user_id\":\"" + id + "\",\"username\":\"user" + id + "\"}")
					.collect(Collectors.joining(",", "[", "]"));
				return json(200, body).build();
			}

			@Override
			public boolean applyGlobally() {
				return false;
			}

			@Override
			public String getName() {
				return NAME;
			}

		}

	}

}
