package com.pixelgram.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Wen downloads her data through the gateway: she posts a photo, comments and likes, asks
 * for her export (asking again while it is pending answers the same one), polls it until
 * it is READY, is notified, downloads the zip from its short-lived link and finds her
 * profile, her post, her comment, her likes and the very bytes of her original photo.
 * Deleting her account then deletes the zip too.
 */
@ExtendWith(PixelgramStack.class)
class DataExportJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(120);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aUserDownloadsAZipOfHerDataAndItGoesWithHerAccount() throws Exception {
		Journeys.Account wen = Journeys.register(api, "wen");
		Journeys.Account vic = Journeys.register(api, "vic");
		byte[] photo = Journeys.photo();
		String wens = Journeys.uploadAndAwaitReady(api, wen, "sunset over the river #golden");
		String vics = Journeys.uploadAndAwaitReady(api, vic, "vic's photo");
		assertThat(api.post("/v1/posts/" + vics + "/like", "", wen.accessToken()).status()).isEqualTo(200);
		assertThat(api.post("/v1/posts/" + wens + "/like", "", wen.accessToken()).status()).isEqualTo(200);
		Api.Reply comment = api.post("/v1/posts/" + vics + "/comments", "{\"text\":\"what a view\"}",
				wen.accessToken());
		assertThat(comment.status()).as(comment.toString()).isEqualTo(201);
		String commentId = comment.text("comment_id");
		JsonNode me = api.get("/v1/users/me", wen.accessToken()).json();

		Api.Reply requested = api.post("/v1/users/me/export", "", wen.accessToken());
		assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
		String exportId = requested.text("export_id");
		Api.Reply retried = api.post("/v1/users/me/export", "", wen.accessToken());
		assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
		assertThat(retried.text("export_id")).isEqualTo(exportId);
		assertThat(api.get("/v1/users/me/exports/" + exportId, vic.accessToken()).status()).isEqualTo(404);
		Api.Reply malformed = api.get("/v1/users/me/exports/nope", wen.accessToken());
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.isProblem()).isTrue();

		JsonNode[] export = new JsonNode[1];
		await().atMost(ASYNC).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			Api.Reply poll = api.get("/v1/users/me/exports/" + exportId, wen.accessToken());
			assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
			export[0] = poll.json();
			assertThat(export[0].path("status").asString()).isIn("PENDING", "READY");
			assertThat(export[0].path("status").asString()).isEqualTo("READY");
		});
		assertThat(export[0].has("completed_at")).isTrue();
		assertThat(export[0].has("expires_at")).isTrue();
		String url = export[0].path("download_url").asString();
		assertThat(url).contains("X-Amz-Signature").doesNotContain("/r/");
		HttpResponse<byte[]> download = api.fetch(url);
		assertThat(download.statusCode()).isEqualTo(200);
		Map<String, byte[]> zip = unzip(download.body());

		assertThat(zip).containsOnlyKeys("profile.json", "posts.json", "comments.json", "likes.json",
				"photos/" + wens + ".jpg");
		JsonNode profile = JSON.readTree(zip.get("profile.json"));
		assertThat(profile.path("user_id").asString()).isEqualTo(wen.id());
		assertThat(profile.path("username").asString()).isEqualTo(wen.username());
		assertThat(profile.path("email").asString()).isEqualTo(me.path("email").asString());
		JsonNode posts = JSON.readTree(zip.get("posts.json")).path("posts");
		assertThat(posts).hasSize(1);
		assertThat(posts.get(0).path("post_id").asString()).isEqualTo(wens);
		assertThat(posts.get(0).path("caption").asString()).isEqualTo("sunset over the river #golden");
		assertThat(posts.get(0).path("hashtags").get(0).asString()).isEqualTo("golden");
		assertThat(posts.get(0).has("created_at")).isTrue();
		JsonNode comments = JSON.readTree(zip.get("comments.json")).path("comments");
		assertThat(comments).hasSize(1);
		assertThat(comments.get(0).path("comment_id").asString()).isEqualTo(commentId);
		assertThat(comments.get(0).path("post_id").asString()).isEqualTo(vics);
		assertThat(comments.get(0).path("text").asString()).isEqualTo("what a view");
		JsonNode likes = JSON.readTree(zip.get("likes.json")).path("likes");
		assertThat(likes).extracting((like) -> like.path("post_id").asString()).containsExactlyInAnyOrder(vics, wens);
		assertThat(zip.get("photos/" + wens + ".jpg")).as("the original, byte for byte").isEqualTo(photo);

		await().atMost(ASYNC).untilAsserted(() -> {
			JsonNode list = api.get("/v1/notifications", wen.accessToken()).json().path("notifications");
			assertThat(list).anySatisfy((item) -> {
				assertThat(item.path("type").asString()).isEqualTo("EXPORT_READY");
				assertThat(item.path("export_id").asString()).isEqualTo(exportId);
			});
		});
		Api.Reply another = api.post("/v1/users/me/export", "", wen.accessToken());
		assertThat(another.status()).isEqualTo(202);
		assertThat(another.text("export_id")).as("a READY export does not block a new one").isNotEqualTo(exportId);
		await().atMost(ASYNC).untilAsserted(() -> assertThat(exportZips(wen.id())).hasSize(2));

		Api.Reply deleted = api.send(api.request("/v1/users/me", wen.accessToken())
			.header("Content-Type", "application/json")
			.method("DELETE",
					java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"" + wen.password() + "\"}")));
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
		await().atMost(ASYNC).untilAsserted(() -> assertThat(exportZips(wen.id())).isEmpty());
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

	private static Path dataDirectory() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
			directory = directory.getParent();
		}
		return directory.resolve("e2e-tests/target/e2e-data");
	}

	/** The user's export zips in the bucket (S3Proxy's filesystem store). */
	private static List<String> exportZips(String userId) throws IOException {
		Path exports = dataDirectory().resolve("s3").resolve("pixelgram-media").resolve("exports").resolve(userId);
		if (!Files.isDirectory(exports)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(exports)) {
			return files.filter(Files::isRegularFile).map((file) -> file.getFileName().toString()).toList();
		}
	}

}
