package com.pixelgram.post.upload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import com.pixelgram.post.media.MediaKeys;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Carousels: a post of up to ten photos sent as {@code images} parts, each through the
 * pipeline of a single photo, READY once all are, and shown in order under {@code media}.
 */
class CarouselUploadTest extends PostIntegrationTest {

	private static final List<String> RENDITIONS = List.of("1080", "720", "480", "150");

	@Autowired
	S3Client s3;

	@Autowired
	MediaKeys keys;

	@Test
	void aCarouselOfThreePhotosIsReadyWithEachPhotoInOrder() {
		long user = newUser();
		List<Part> photos = List.of(png(400, 300),
				new Part(TestImages.jpeg(TestImages.photo(300, 500)), "b.jpg", "image/jpeg"), png(640, 480));

		Reply accepted = upload(user, null, photos, "caption", "Three #views", "alt_text", "the first, a bay",
				"alt_text", "the second");

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		long postId = accepted.json().path("post_id").asLong();
		assertThat(accepted.json().path("media").size()).isEqualTo(3);
		JsonNode ready = awaitStatus(user, postId, "READY");
		JsonNode media = ready.path("media");
		assertThat(media.size()).isEqualTo(3);
		int[][] sizes = { { 400, 300 }, { 300, 500 }, { 640, 480 } };
		List<String> altTexts = new ArrayList<>();
		List<String> mediaKeys = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JsonNode photo = media.get(i);
			assertThat(photo.path("width").asInt()).as("width of %d", i).isEqualTo(sizes[i][0]);
			assertThat(photo.path("height").asInt()).as("height of %d", i).isEqualTo(sizes[i][1]);
			assertThat(photo.path("blurhash").asString()).as("blurhash of %d", i).hasSizeGreaterThan(6);
			altTexts.add(photo.path("alt_text").isNull() || photo.path("alt_text").isMissingNode() ? null
					: photo.path("alt_text").asString());
			String mediaKey = UploadTest.mediaKeyOf(photo.path("image_url").asString());
			mediaKeys.add(mediaKey);
			assertThat(photo.path("thumbnail_url").asString()).endsWith("/" + mediaKey + "/150.jpg");
			List<String> stored = objectKeys(mediaKey);
			assertThat(stored).as("objects of photo %d", i).contains("originals/" + mediaKey);
			for (String name : RENDITIONS) {
				assertThat(stored).contains("r/" + mediaKey + "/" + name + ".jpg");
				assertThat(photo.path("renditions").path(name).asString())
					.endsWith("/r/" + mediaKey + "/" + name + ".jpg");
			}
			assertThat(fetch(photo.path("image_url").asString()).statusCode()).isEqualTo(200);
		}
		assertThat(altTexts).containsExactly("the first, a bay", "the second", null);
		assertThat(mediaKeys).doesNotHaveDuplicates();
		// The fields of older clients are the first photo's.
		for (String field : List.of("image_url", "thumbnail_url", "renditions", "width", "height", "blurhash",
				"alt_text")) {
			assertThat(ready.path(field)).as(field).isEqualTo(media.get(0).path(field));
		}
		// Every reader of the post sees the same photos: another user, the author's grid.
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("media")).isEqualTo(media);
		assertThat(get(user, "/v1/users/" + user + "/posts").json().path("posts").get(0).path("media"))
			.isEqualTo(media);
		JsonNode published = JSON.readTree(outboxPayload(postId, "PostPublished"));
		// The event writes absent values as nulls, the API leaves them out.
		assertThat(withoutNulls(published.path("media"))).isEqualTo(withoutNulls(media));
	}

	@Test
	void aSinglePhotoPostHasOnePhotoInMedia() {
		long user = newUser();
		Reply accepted = upload(user, png(200, 100), List.of(), "alt_text", "only one");

		JsonNode ready = awaitStatus(user, accepted.json().path("post_id").asLong(), "READY");

		assertThat(ready.path("media").size()).isEqualTo(1);
		JsonNode photo = ready.path("media").get(0);
		assertThat(photo.path("image_url").asString()).isEqualTo(ready.path("image_url").asString());
		assertThat(photo.path("blurhash").asString()).isEqualTo(ready.path("blurhash").asString());
		assertThat(photo.path("alt_text").asString()).isEqualTo("only one");
		assertThat(photo.path("width").asInt()).isEqualTo(200);
	}

	@Test
	void oneBadPhotoFailsTheWholeUploadWithAProblemNamingIt() {
		long user = newUser();
		Part truncated = new Part(TestImages.truncated(TestImages.jpeg(TestImages.photo(800, 600)), 0.5), "cut.jpg",
				"image/jpeg");
		Part text = new Part("not a photo at all".getBytes(), "text.jpg", "image/jpeg");

		Reply corrupt = upload(user, null, List.of(png(100, 100), truncated, png(120, 100)));
		Reply unsupported = upload(user, null, List.of(png(100, 100), png(120, 100), text));

		JsonNode problem = corrupt.assertProblem(400, "image-corrupt");
		assertThat(problem.path("detail").asString()).startsWith("images[1]: ");
		assertThat(problem.path("index").asInt()).isEqualTo(1);
		JsonNode refused = unsupported.assertProblem(415, "unsupported-image-type");
		assertThat(refused.path("detail").asString()).startsWith("images[2]: ");
		assertThat(refused.path("index").asInt()).isEqualTo(2);
		assertThat(get(user, "/v1/users/" + user + "/posts").json().path("posts").size()).isZero();
	}

	@Test
	void aCarouselWhoseThirdPhotoCannotBeDecodedFailsNamingItPublishesNothingAndLeavesNoObjects() {
		long user = newUser();
		long friend = newUser();
		// The third passes the upload's checks (a JPEG header, a size) and fails to
		// decode.
		Part undecodable = new Part(TestImages.scrambledJpeg(800, 600), "noise.jpg", "image/jpeg");

		Reply accepted = upload(user, null, List.of(png(300, 200), png(200, 300), undecodable), "caption",
				"with @user" + friend);

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		long postId = accepted.json().path("post_id").asLong();
		List<String> mediaKeys = new ArrayList<>();
		accepted.json()
			.path("media")
			.forEach((photo) -> mediaKeys.add(UploadTest.mediaKeyOf(photo.path("image_url").asString())));
		assertThat(mediaKeys).hasSize(3);
		JsonNode failed = awaitStatus(user, postId, "FAILED");
		assertThat(failed.path("failure_reason").asString()).startsWith("images[2]: ");
		// The first two photos' renditions, made before the third failed, go with the
		// originals.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> mediaKeys.forEach((mediaKey) -> assertThat(objectKeys(mediaKey)).isEmpty()));
		// Never published: no PostPublished, and the caption's mention notified nobody.
		assertThat(outboxEvents(postId)).isEmpty();
		assertThat(get(newUser(), "/v1/posts/" + postId).status()).isEqualTo(404);
		assertThat(get(friend, "/v1/posts/" + postId).status()).isEqualTo(404);
		for (String mediaKey : mediaKeys) {
			assertThat(fetch(this.keys.thumbnailUrl(mediaKey)).statusCode()).isNotEqualTo(200);
		}
	}

	@Test
	void refusesElevenPhotosBothPartNamesAndMoreAltTextsThanPhotos() {
		long user = newUser();
		List<Part> eleven = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			eleven.add(png(40 + i, 40));
		}

		Reply tooMany = upload(user, null, eleven);
		Reply both = upload(user, png(50, 50), List.of(png(60, 60)));
		Reply altTexts = upload(user, null, List.of(png(50, 50), png(60, 60)), "alt_text", "a", "alt_text", "b",
				"alt_text", "c");
		Reply none = upload(user, null, List.of(), "caption", "no photo");

		assertThat(tooMany.assertProblem(400, "validation").path("errors").get(0).path("field").asString())
			.isEqualTo("images");
		assertThat(both.assertProblem(400, "validation").path("errors").get(0).path("field").asString())
			.isEqualTo("images");
		assertThat(altTexts.assertProblem(400, "validation").path("errors").get(0).path("field").asString())
			.isEqualTo("alt_text");
		none.assertProblem(400, "image-missing");
		assertThat(get(user, "/v1/users/" + user + "/posts").json().path("posts").size()).isZero();
	}

	@Test
	void answersARetriedCarouselWithTheSamePost() {
		long user = newUser();
		List<Part> photos = List.of(png(100, 80), png(80, 100));

		Reply first = uploadWithKey(user, "carousel-retry", null, photos);
		Reply retry = uploadWithKey(user, "carousel-retry", null, photos);

		assertThat(first.status()).as(first.body()).isEqualTo(202);
		assertThat(retry.status()).as(retry.body()).isEqualTo(202);
		assertThat(retry.json().path("post_id").asString()).isEqualTo(first.json().path("post_id").asString());
		assertThat(retry.json().path("media").size()).isEqualTo(2);
		assertThat(retry.json().path("media").get(1).path("image_url"))
			.isEqualTo(first.json().path("media").get(1).path("image_url"));
		awaitStatus(user, first.json().path("post_id").asLong(), "READY");
		assertThat(get(user, "/v1/users/" + user + "/posts").json().path("posts").size()).isEqualTo(1);
	}

	@Test
	void editsTheAltTextOfEachPhoto() {
		long user = newUser();
		Reply accepted = upload(user, null, List.of(png(100, 80), png(80, 100)), "alt_text", "before");
		long postId = accepted.json().path("post_id").asLong();
		awaitStatus(user, postId, "READY");

		Reply wrongCount = patchJson(user, "/v1/posts/" + postId, "{\"alt_texts\": [\"only one\"]}");
		Reply edited = patchJson(user, "/v1/posts/" + postId, "{\"alt_texts\": [\"a dog\", \"a cat\"]}");

		assertThat(wrongCount.assertProblem(400, "validation").path("errors").get(0).path("field").asString())
			.isEqualTo("alt_texts");
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		JsonNode post = get(newUser(), "/v1/posts/" + postId).json();
		assertThat(post.path("alt_text").asString()).isEqualTo("a dog");
		assertThat(post.path("media").get(0).path("alt_text").asString()).isEqualTo("a dog");
		assertThat(post.path("media").get(1).path("alt_text").asString()).isEqualTo("a cat");
		assertThat(post.path("media").get(1).path("blurhash").asString()).isNotBlank();
		JsonNode event = JSON.readTree(outboxPayload(postId, "PostEdited"));
		assertThat(withoutNulls(event.path("media"))).isEqualTo(withoutNulls(post.path("media")));
	}

	@Test
	void deletingACarouselDeletesTheObjectsOfEveryPhoto() {
		long user = newUser();
		Reply accepted = upload(user, null, List.of(png(100, 80), png(80, 100), png(90, 90)));
		long postId = accepted.json().path("post_id").asLong();
		JsonNode ready = awaitStatus(user, postId, "READY");
		List<String> mediaKeys = new ArrayList<>();
		ready.path("media")
			.forEach((photo) -> mediaKeys.add(UploadTest.mediaKeyOf(photo.path("image_url").asString())));
		assertThat(mediaKeys).hasSize(3);
		mediaKeys.forEach((mediaKey) -> assertThat(objectKeys(mediaKey)).hasSize(1 + RENDITIONS.size()));

		assertThat(delete(user, "/v1/posts/" + postId).status()).isEqualTo(204);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> mediaKeys.forEach((mediaKey) -> assertThat(objectKeys(mediaKey)).isEmpty()));
		assertThat(get(user, "/v1/posts/" + postId).status()).isEqualTo(404);
	}

	/** The photos with their absent values left out, as the API writes them. */
	private static JsonNode withoutNulls(JsonNode media) {
		JsonNode copy = media.deepCopy();
		copy.forEach((photo) -> ((tools.jackson.databind.node.ObjectNode) photo).removeIf(JsonNode::isNull));
		return copy;
	}

	private static Part png(int width, int height) {
		return new Part(TestImages.png(TestImages.photo(width, height)), "p.png", "image/png");
	}

	private Reply upload(long userId, Part image, List<Part> images, String... fields) {
		return uploadWithKey(userId, null, image, images, fields);
	}

	/** A multipart upload of an {@code image} part, {@code images} parts, or both. */
	private Reply uploadWithKey(long userId, String idempotencyKey, Part image, List<Part> images, String... fields) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		if (image != null) {
			parts.add("image", image.entity("image"));
		}
		images.forEach((part) -> parts.add("images", part.entity("images")));
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

	/** The objects of a photo: its original and renditions. */
	private List<String> objectKeys(String mediaKey) {
		List<String> keys = new ArrayList<>();
		for (String prefix : List.of("originals/" + mediaKey, "r/" + mediaKey + "/")) {
			this.s3.listObjectsV2((request) -> request.bucket(BUCKET).prefix(prefix))
				.contents()
				.stream()
				// the first photo's original key is a prefix of the others'
				.filter((object) -> object.key().equals("originals/" + mediaKey) || object.key().startsWith("r/"))
				.forEach((object) -> keys.add(object.key()));
		}
		return keys;
	}

	private record Part(byte[] bytes, String filename, String contentType) {

		HttpEntity<ByteArrayResource> entity(String name) {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.parseMediaType(this.contentType));
			headers.setContentDispositionFormData(name, this.filename);
			return new HttpEntity<>(new ByteArrayResource(this.bytes), headers);
		}

	}

}
