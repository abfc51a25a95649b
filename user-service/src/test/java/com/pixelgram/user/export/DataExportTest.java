package com.pixelgram.user.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.DataExportFailed;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Export requests through the API, the outcome from post-service through
 * {@code user-events}, and the presigned link against S3Proxy.
 */
class DataExportTest extends UserIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	Shards shards;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Autowired
	S3Client s3;

	@Test
	void aRequestRecordsAPendingExportAndPublishesTheProfileOnce() {
		TestUser user = register();

		HttpReply first = api().post("/v1/users/me/export", null, user.accessToken());
		HttpReply retry = api().post("/v1/users/me/export", null, user.accessToken());

		assertThat(first.status()).as(first.body()).isEqualTo(202);
		long exportId = first.json().path("export_id").asLong();
		assertThat(first.json().path("export_id").isString()).isTrue();
		assertThat(first.headers().getLocation()).hasToString("/v1/users/me/exports/" + exportId);
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.json().path("export_id").asLong()).isEqualTo(exportId);
		JsonNode export = api().get("/v1/users/me/exports/" + exportId, user.accessToken()).assertStatus(200);
		assertThat(export.path("status").asString()).isEqualTo("PENDING");
		assertThat(export.has("created_at")).isTrue();
		assertThat(export.has("download_url")).isFalse();
		assertThat(export.has("completed_at")).isFalse();
		List<JsonNode> requested = outbox(user.id(), "DataExportRequested");
		assertThat(requested).hasSize(1);
		JsonNode payload = requested.get(0).path("payload");
		assertThat(payload.path("export_id").asString()).isEqualTo(Long.toString(exportId));
		JsonNode me = api().get("/v1/users/me", user.accessToken()).assertStatus(200);
		assertThat(payload.path("profile")).isEqualTo(me);
		assertThat(payload.path("profile").path("email").asString()).isEqualTo(user.email());
	}

	@Test
	void aReadyExportHandsOutAShortLivedLinkToTheZipAndANewRequestStartsAnother() throws Exception {
		TestUser user = register();
		long exportId = request(user);
		String key = "exports/" + user.id() + "/" + exportId + ".zip";
		byte[] zip = "PK not really a zip".getBytes(StandardCharsets.UTF_8);
		this.s3.putObject((put) -> put.bucket(BUCKET).key(key), RequestBody.fromBytes(zip));

		DataExportReady ready = new DataExportReady(exportId, user.id(), key, zip.length, Instant.now());
		send(ready);
		send(ready);

		JsonNode export = awaitStatus(user, exportId, "READY");
		assertThat(export.path("size").asLong()).isEqualTo(zip.length);
		assertThat(export.has("completed_at")).isTrue();
		Instant expiresAt = Instant.parse(export.path("expires_at").asString());
		assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(14)),
				Instant.now().plus(Duration.ofMinutes(16)));
		String url = export.path("download_url").asString();
		assertThat(url).contains(BUCKET).contains(key).contains("X-Amz-Signature");
		HttpResponse<byte[]> download = fetch(url);
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(zip);
		// The signature covers the key: another user's zip is not reachable by editing
		// it.
		assertThat(fetch(url.replace(Long.toString(exportId), Long.toString(exportId + 1))).statusCode())
			.isEqualTo(403);
		// Without the signature the private part of the bucket is closed.
		assertThat(fetch(url.substring(0, url.indexOf('?'))).statusCode()).isEqualTo(403);

		long next = request(user);
		assertThat(next).isNotEqualTo(exportId);
		assertThat(outbox(user.id(), "DataExportRequested")).hasSize(2);
	}

	@Test
	void aReadyExportIsExpiredWithoutALinkOnceItsDownloadWindowEnds() {
		TestUser user = register();
		long exportId = request(user);
		String key = "exports/" + user.id() + "/" + exportId + ".zip";
		Instant completedAt = Instant.now().minus(Duration.ofDays(7)).minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

		send(new DataExportReady(exportId, user.id(), key, 42, completedAt));

		JsonNode export = awaitStatus(user, exportId, "EXPIRED");
		assertThat(export.has("download_url")).isFalse();
		assertThat(export.has("expires_at")).isFalse();
		assertThat(export.has("size")).isFalse();
		assertThat(Instant.parse(export.path("completed_at").asString())).isEqualTo(completedAt);
		assertThat(request(user)).as("the user may ask again").isNotEqualTo(exportId);
	}

	@Test
	void aFailedExportIsFailedAndTheUserMayAskAgain() {
		TestUser user = register();
		long exportId = request(user);

		send(new DataExportFailed(exportId, user.id(), "S3 refused", Instant.now()));

		JsonNode export = awaitStatus(user, exportId, "FAILED");
		assertThat(export.has("download_url")).isFalse();
		assertThat(export.has("completed_at")).isTrue();
		// A late Ready of the same export does not bring it back.
		send(new DataExportReady(exportId, user.id(), "exports/x.zip", 1, Instant.now()));
		assertThat(request(user)).isNotEqualTo(exportId);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(api().get("/v1/users/me/exports/" + exportId, user.accessToken())
				.assertStatus(200)
				.path("status")
				.asString()).isEqualTo("FAILED"));
	}

	@Test
	void anotherUsersExportAnUnknownOneAndAMalformedIdAreProblems() {
		TestUser owner = register();
		TestUser other = register();
		long exportId = request(owner);

		api().get("/v1/users/me/exports/" + exportId, other.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/me/exports/" + (exportId + 1), owner.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/me/exports/" + Long.MAX_VALUE, owner.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/me/exports/not-an-id", owner.accessToken()).assertProblem(400, "validation");
		assertThat(api().post("/v1/users/me/export", null, null).status()).isEqualTo(401);
	}

	private long request(TestUser user) {
		return api().post("/v1/users/me/export", null, user.accessToken()).assertStatus(202).path("export_id").asLong();
	}

	private JsonNode awaitStatus(TestUser user, long exportId, String status) {
		JsonNode[] seen = new JsonNode[1];
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			seen[0] = api().get("/v1/users/me/exports/" + exportId, user.accessToken()).assertStatus(200);
			assertThat(seen[0].path("status").asString()).isEqualTo(status);
		});
		return seen[0];
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("user-events")))
			.join()
			.queueUrl();
		String body = this.codec.encode(UUID.randomUUID(), Instant.now(), event);
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	/** The envelopes of the user's events of one type in the outbox. */
	private List<JsonNode> outbox(long userId, String type) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT DISTINCT payload::text FROM outbox.message WHERE event_type = :type "
							+ "AND payload->'payload'->>'user_id' = :user")
					.param("type", type)
					.param("user", Long.toString(userId))
					.query(String.class)
					.list()
					.stream()
					.map(JSON::readTree)
					.toList());
	}

	private static HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
