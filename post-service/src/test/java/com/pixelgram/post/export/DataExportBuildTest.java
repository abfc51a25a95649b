package com.pixelgram.post.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.pixelgram.events.DataExportRequested;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A {@code DataExportRequested} through {@code post-events} builds the zip into S3Proxy
 * and publishes {@code DataExportReady}; the zip holds what the user made, the originals
 * byte for byte; the erasure of the account takes the zip.
 */
class DataExportBuildTest extends PostIntegrationTest {

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Autowired
	S3Client s3;

	@Autowired
	DataExports exports;

	@Autowired
	ExportExpirySweeper sweeper;

	@Autowired
	MeterRegistry meters;

	@Test
	void buildsTheZipOfEverythingTheUserMadeOnceAndTheErasureDeletesIt() throws IOException {
		long user = newUser();
		long friend = newUser();
		byte[] photo = TestImages.png(TestImages.photo(160, 120));
		long post = uploadPost(user, photo, "image/png", "a walk #sunday", "Lisbon", "a bridge at dusk");
		long friendsPost = uploadPost(friend, TestImages.jpeg(TestImages.photo(100, 100)), "image/jpeg", "hello", null,
				null);
		like(user, friendsPost);
		like(user, post);
		long comment = comment(user, friendsPost, "lovely");
		comment(friend, post, "thanks");
		long exportId = this.ids.nextId(this.shards.shardOf(user));
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("user_id", Long.toString(user));
		profile.put("username", "user" + user);
		profile.put("email", "someone@example.com");
		DataExportRequested request = new DataExportRequested(exportId, user, profile, Instant.now());
		String envelope = this.codec.encode(UUID.randomUUID(), Instant.now(), request);

		sendRaw(envelope);
		sendRaw(envelope);
		send(request);

		JsonNode ready = awaitReady(user, exportId);
		String key = ready.path("object_key").asString();
		assertThat(key).isEqualTo("exports/" + user + "/" + exportId + ".zip");
		assertThat(key).doesNotStartWith("r/");
		byte[] zip = this.s3.getObjectAsBytes((get) -> get.bucket(BUCKET).key(key)).asByteArray();
		assertThat(ready.path("size").asLong()).isEqualTo(zip.length);
		Map<String, byte[]> entries = unzip(zip);
		assertThat(entries).containsOnlyKeys("profile.json", "posts.json", "comments.json", "likes.json",
				"photos/" + post + ".png");
		assertThat(JSON.readTree(entries.get("profile.json"))).isEqualTo(JSON.valueToTree(profile));
		JsonNode posts = JSON.readTree(entries.get("posts.json")).path("posts");
		assertThat(posts).hasSize(1);
		assertThat(posts.get(0).path("post_id").asString()).isEqualTo(Long.toString(post));
		assertThat(posts.get(0).path("caption").asString()).isEqualTo("a walk #sunday");
		assertThat(posts.get(0).path("location").asString()).isEqualTo("Lisbon");
		assertThat(posts.get(0).path("alt_text").asString()).isEqualTo("a bridge at dusk");
		assertThat(posts.get(0).path("hashtags").get(0).asString()).isEqualTo("sunday");
		assertThat(posts.get(0).path("photo").asString()).isEqualTo("photos/" + post + ".png");
		assertThat(posts.get(0).has("created_at")).isTrue();
		JsonNode comments = JSON.readTree(entries.get("comments.json")).path("comments");
		assertThat(comments).hasSize(1);
		assertThat(comments.get(0).path("comment_id").asString()).isEqualTo(Long.toString(comment));
		assertThat(comments.get(0).path("post_id").asString()).isEqualTo(Long.toString(friendsPost));
		assertThat(comments.get(0).path("text").asString()).isEqualTo("lovely");
		assertThat(comments.get(0).has("created_at")).isTrue();
		JsonNode likes = JSON.readTree(entries.get("likes.json")).path("likes");
		assertThat(likes).extracting((like) -> like.path("post_id").asString())
			.containsExactlyInAnyOrder(Long.toString(friendsPost), Long.toString(post));
		assertThat(likes.get(0).has("created_at")).isTrue();
		assertThat(entries.get("photos/" + post + ".png")).isEqualTo(photo);
		// Three deliveries, one build and one event.
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(readyEvents(user, exportId)).hasSize(1));
		assertThat(jobs(user)).isEqualTo(1);

		send(new UserDeleted(user, Instant.now()));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThatThrownBy(() -> this.s3.headObject((head) -> head.bucket(BUCKET).key(key)))
				.isInstanceOf(NoSuchKeyException.class);
			assertThat(jobs(user)).isZero();
		});
	}

	@Test
	void aZipIsDeletedFromTheBucketWhenItsDownloadWindowEnds() {
		long user = newUser();
		long expiring = requestExport(user);
		long fresh = requestExport(user);
		String expiringKey = awaitReady(user, expiring).path("object_key").asString();
		String freshKey = awaitReady(user, fresh).path("object_key").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> objectKey(expiring) != null && objectKey(fresh) != null);
		this.shards.write(this.shards.shardOf(user), () -> {
			this.shards.jdbc()
				.sql("UPDATE data_export_job SET completed_at = now() - interval '7 days 1 minute', "
						+ "lease_until = now() - interval '7 days 2 minutes' WHERE export_id = :id")
				.param("id", expiring)
				.update();
		});

		this.exports.removeFinished();
		assertThat(jobs(user)).as("a job keeps its row while its zip is stored").isEqualTo(2);
		double deletedBefore = expiredCount();

		assertThat(this.sweeper.sweep()).isPositive();

		assertThatThrownBy(() -> this.s3.headObject((head) -> head.bucket(BUCKET).key(expiringKey)))
			.isInstanceOf(NoSuchKeyException.class);
		assertThat(objectKey(expiring)).isNull();
		assertThat(this.s3.headObject((head) -> head.bucket(BUCKET).key(freshKey)).contentLength()).isPositive();
		assertThat(objectKey(fresh)).isEqualTo(freshKey);
		assertThat(expiredCount()).isGreaterThanOrEqualTo(deletedBefore + 1);
		this.exports.removeFinished();
		assertThat(jobs(user)).as("the expired job goes with the other finished ones").isEqualTo(1);
		assertThat(objectKey(fresh)).isEqualTo(freshKey);
	}

	@Test
	void aLargeZipIsUploadedInPartsWithTheOriginalsWhole() throws IOException {
		long user = newUser();
		// Noise does not compress: a PNG of about 6 MB, over the 5 MB part size of the
		// tests.
		byte[] large = TestImages.png(noise(1400, 1400));
		byte[] small = TestImages.jpeg(TestImages.photo(200, 150));
		assertThat(large.length).isGreaterThan(5 * 1024 * 1024);
		long largePost = uploadPost(user, large, "image/png", "big", null, null);
		long smallPost = uploadPost(user, small, "image/jpeg", "small", null, null);
		long exportId = this.ids.nextId(this.shards.shardOf(user));

		send(new DataExportRequested(exportId, user, Map.of("user_id", Long.toString(user)), Instant.now()));

		JsonNode ready = awaitReady(user, exportId);
		String key = ready.path("object_key").asString();
		var head = this.s3.headObject((request) -> request.bucket(BUCKET).key(key));
		assertThat(head.contentLength()).isEqualTo(ready.path("size").asLong()).isGreaterThan(large.length);
		// S3 names an object uploaded in parts by the digest of its parts and their
		// count.
		assertThat(head.eTag()).endsWith("-2\"");
		Map<String, byte[]> entries = unzip(
				this.s3.getObjectAsBytes((get) -> get.bucket(BUCKET).key(key)).asByteArray());
		assertThat(entries.get("photos/" + largePost + ".png")).isEqualTo(large);
		assertThat(entries.get("photos/" + smallPost + ".jpg")).isEqualTo(small);
		assertThat(JSON.readTree(entries.get("posts.json")).path("posts")).hasSize(2);
	}

	private long uploadPost(long user, byte[] image, String type, String caption, String location, String altText) {
		String name = type.equals("image/png") ? "photo.png" : "photo.jpg";
		List<String> fields = new java.util.ArrayList<>(List.of("caption", caption));
		if (location != null) {
			fields.addAll(List.of("location", location));
		}
		if (altText != null) {
			fields.addAll(List.of("alt_text", altText));
		}
		Reply reply = upload(user, image, name, type, fields.toArray(String[]::new));
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		awaitStatus(user, postId, "READY");
		return postId;
	}

	private void like(long user, long postId) {
		assertThat(post(user, "/v1/posts/" + postId + "/like").status()).isEqualTo(200);
	}

	private long comment(long user, long postId, String text) {
		Reply reply = postJson(user, "/v1/posts/" + postId + "/comments", "{\"text\":\"" + text + "\"}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply.json().path("comment_id").asLong();
	}

	private JsonNode awaitReady(long user, long exportId) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(readyEvents(user, exportId)).isNotEmpty());
		return readyEvents(user, exportId).get(0);
	}

	/** The payloads of the export's DataExportReady events in the outbox. */
	private List<JsonNode> readyEvents(long user, long exportId) {
		return this.shards.read(this.shards.shardOf(user),
				() -> this.shards.jdbc()
					.sql("SELECT DISTINCT event_id, payload->'payload' AS payload FROM outbox.message "
							+ "WHERE event_type = 'DataExportReady' AND payload->'payload'->>'export_id' = :id")
					.param("id", Long.toString(exportId))
					.query((rs, row) -> JSON.readTree(rs.getString("payload")))
					.list());
	}

	private long requestExport(long user) {
		long exportId = this.ids.nextId(this.shards.shardOf(user));
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("user_id", Long.toString(user));
		profile.put("username", "user" + user);
		send(new DataExportRequested(exportId, user, profile, Instant.now()));
		return exportId;
	}

	/** The key of the export's stored zip, null once it is deleted. */
	private String objectKey(long exportId) {
		return this.shards.read(this.shards.shardOf(exportId),
				() -> this.shards.jdbc()
					.sql("SELECT object_key FROM data_export_job WHERE export_id = :id")
					.param("id", exportId)
					.query((rs, row) -> rs.getString("object_key"))
					.optional()
					.orElse(null));
	}

	private double expiredCount() {
		var counter = this.meters.find(ExportExpirySweeper.METRIC).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private long jobs(long user) {
		return this.shards.read(this.shards.shardOf(user),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM data_export_job WHERE user_id = :user")
					.param("user", user)
					.query(Long.class)
					.single());
	}

	private void send(DomainEvent event) {
		sendRaw(this.codec.encode(UUID.randomUUID(), Instant.now(), event));
	}

	private void sendRaw(String body) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> entries = new HashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				entries.put(entry.getName(), in.readAllBytes());
			}
		}
		return entries;
	}

	private static BufferedImage noise(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, random.nextInt(0x1000000));
			}
		}
		return image;
	}

}
