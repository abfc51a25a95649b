package com.pixelgram.post.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.pixelgram.post.IntegrationTest;
import com.pixelgram.post.image.TestImages;
import com.pixelgram.post.media.MediaStorage;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.UploadStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UploadTest extends IntegrationTest {

	@Autowired
	S3Client s3;

	@Autowired
	MediaStorage storage;

	@Autowired
	PostRepository posts;

	@Autowired
	MeterRegistry meters;

	@Test
	void acceptsARotatedPhotoAndServesUprightRenditionsWithoutMetadata() throws IOException {
		long user = newUser();
		byte[] photo = TestImages.withExif(TestImages.jpeg(TestImages.photo(4000, 3000)), 6);
		assertThat(TestImages.contains(photo, TestImages.CAMERA_MAKE)).isTrue();

		Reply accepted = upload(user, photo, "IMG_0001.JPG", "image/jpeg", "caption", "Sunset", "location", "Paris",
				"alt_text", "A red and blue sky");

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		JsonNode body = accepted.json();
		long postId = Long.parseLong(body.path("post_id").asString());
		assertThat(body.path("upload_status").asString()).isEqualTo("PROCESSING");
		String imageUrl = body.path("image_url").asString();
		String thumbnailUrl = body.path("thumbnail_url").asString();
		assertThat(imageUrl).endsWith("/1080.jpg").contains("/" + postId + "/");
		assertThat(thumbnailUrl).endsWith("/150.jpg");
		assertThat(accepted.headers().getLocation()).hasToString("/v1/posts/" + postId);

		JsonNode ready = awaitStatus(user, postId, "READY");

		assertThat(ready.path("image_url").asString()).isEqualTo(imageUrl);
		assertThat(ready.path("thumbnail_url").asString()).isEqualTo(thumbnailUrl);
		assertThat(ready.path("width").asInt()).isEqualTo(3000);
		assertThat(ready.path("height").asInt()).isEqualTo(4000);
		Map<String, int[]> sizes = Map.of("1080", new int[] { 1080, 1440 }, "720", new int[] { 720, 960 }, "480",
				new int[] { 480, 640 }, "150", new int[] { 150, 150 });
		for (Map.Entry<String, int[]> size : sizes.entrySet()) {
			String url = ready.path("renditions").path(size.getKey()).asString();
			HttpResponse<byte[]> response = fetch(url);
			assertThat(response.statusCode()).as(url).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
			byte[] jpeg = response.body();
			assertThat(TestImages.hasApp1(jpeg)).as("EXIF in %s", url).isFalse();
			assertThat(TestImages.contains(jpeg, TestImages.CAMERA_MAKE)).isFalse();
			assertThat(TestImages.contains(jpeg, "Exif")).isFalse();
			BufferedImage image = decode(jpeg);
			assertThat(new int[] { image.getWidth(), image.getHeight() }).as(url).containsExactly(size.getValue());
		}
		BufferedImage large = decode(fetch(imageUrl).body());
		// The left (red) half of the landscape-encoded original is on top once turned.
		assertThat(red(large.getRGB(540, 200))).isGreaterThan(blue(large.getRGB(540, 200)) + 80);
		assertThat(blue(large.getRGB(540, 1240))).isGreaterThan(red(large.getRGB(540, 1240)) + 80);
		String mediaKey = mediaKeyOf(imageUrl);
		List<String> keys = objectKeys(mediaKey);
		assertThat(keys).contains("originals/" + mediaKey)
			.filteredOn((key) -> key.startsWith("r/"))
			.noneMatch((key) -> key.contains("original"));
		assertThat(outboxEvents(postId)).containsExactly("PostPublished");
		assertThat(this.meters.find("pixelgram.media.processing").tag("outcome", "ready").timer()).isNotNull();
	}

	@Test
	void neverServesTheOriginalUnderTheRenditionPrefix() {
		long user = newUser();
		JsonNode ready = uploadReady(user, TestImages.png(TestImages.photo(500, 400)));

		String mediaKey = mediaKeyOf(ready.path("image_url").asString());
		String original = "originals/" + mediaKey;

		assertThat(objectKeys(mediaKey)).contains(original);
		assertThat(ready.path("renditions").valueStream().map(JsonNode::asString))
			.noneMatch((url) -> url.contains(original));
	}

	@Test
	void acceptsPngAndWebp() throws IOException {
		long user = newUser();
		byte[] webp;
		try (InputStream in = getClass().getResourceAsStream("/images/photo-1200x900.webp")) {
			webp = in.readAllBytes();
		}

		JsonNode png = uploadReady(user, TestImages.png(TestImages.photo(1600, 1200)));
		Reply webpUpload = upload(user, webp, "photo.webp", "image/webp");
		JsonNode webpPost = awaitStatus(user, webpUpload.json().path("post_id").asLong(), "READY");

		assertThat(decode(fetch(png.path("image_url").asString()).body()).getWidth()).isEqualTo(1080);
		BufferedImage webpLarge = decode(fetch(webpPost.path("image_url").asString()).body());
		assertThat(new int[] { webpLarge.getWidth(), webpLarge.getHeight() }).containsExactly(1080, 810);
	}

	@Test
	void convertsCmykAnd16BitImagesInsteadOfRefusingThem() throws IOException {
		long user = newUser();

		Reply cmyk = upload(user, TestImages.cmykJpeg(1200, 800), "print.jpg", "image/jpeg");
		Reply deep = upload(user, TestImages.png16(800, 600), "deep.png", "image/png");

		JsonNode cmykPost = awaitStatus(user, cmyk.json().path("post_id").asLong(), "READY");
		awaitStatus(user, deep.json().path("post_id").asLong(), "READY");
		BufferedImage image = decode(fetch(cmykPost.path("image_url").asString()).body());
		int cyan = image.getRGB(100, 300);
		assertThat(red(cyan)).isLessThan(120);
		assertThat(blue(cyan)).isGreaterThan(180);
	}

	@Test
	void refusesTextNamedLikeAJpegWith415() {
		Reply reply = upload(newUser(), "just some text, not a photo".getBytes(), "photo.jpg", "image/jpeg");

		reply.assertProblem(415, "unsupported-image-type");
	}

	@Test
	void refusesAPixelBombBeforeDecodingIt() {
		Reply reply = upload(newUser(), TestImages.pngClaiming(20_000, 20_000), "bomb.png", "image/png");

		JsonNode problem = reply.assertProblem(400, "image-too-many-pixels");
		assertThat(problem.path("detail").asString()).contains("20000×20000");
	}

	@Test
	void refusesATruncatedJpeg() {
		byte[] jpeg = TestImages.jpeg(TestImages.photo(800, 600));

		Reply reply = upload(newUser(), TestImages.truncated(jpeg, 0.5), "cut.jpg", "image/jpeg");

		reply.assertProblem(400, "image-corrupt");
	}

	@Test
	void refusesAnUploadWithoutImage() {
		Reply reply = uploadWithKey(newUser(), null, null, null, null, "caption", "nothing to see");

		reply.assertProblem(400, "image-missing");
	}

	@Test
	void refusesAnUploadOverTenMegabytesWith413() {
		byte[] big = new byte[11 * 1024 * 1024];
		System.arraycopy(TestImages.jpeg(TestImages.photo(100, 100)), 0, big, 0, 100);

		Reply reply = upload(newUser(), big, "huge.jpg", "image/jpeg");

		reply.assertProblem(413, "payload-too-large");
	}

	@Test
	void refusesACaptionOverTheLimit() {
		Reply reply = upload(newUser(), TestImages.png(TestImages.photo(50, 50)), "p.png", "image/png", "caption",
				"x".repeat(2201));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("caption");
	}

	@Test
	void answersARetriedUploadWithTheSamePost() {
		long user = newUser();
		byte[] image = TestImages.png(TestImages.photo(300, 200));

		Reply first = uploadWithKey(user, "retry-key-1", image, "p.png", "image/png");
		Reply retry = uploadWithKey(user, "retry-key-1", image, "p.png", "image/png");
		Reply otherKey = uploadWithKey(user, "retry-key-2", image, "p.png", "image/png");
		Reply otherUser = uploadWithKey(newUser(), "retry-key-1", image, "p.png", "image/png");

		assertThat(first.status()).isEqualTo(202);
		assertThat(retry.status()).isEqualTo(202);
		long postId = first.json().path("post_id").asLong();
		assertThat(retry.json().path("post_id").asLong()).isEqualTo(postId);
		assertThat(retry.json().path("image_url").asString()).isEqualTo(first.json().path("image_url").asString());
		assertThat(otherKey.json().path("post_id").asLong()).isNotEqualTo(postId);
		assertThat(otherUser.json().path("post_id").asLong()).isNotEqualTo(postId);
		awaitStatus(user, postId, "READY");
		Reply list = get(user, "/v1/users/" + user + "/posts");
		assertThat(list.json().path("posts").valueStream().map((post) -> post.path("post_id").asLong()))
			.containsOnlyOnce(postId);
	}

	@Test
	void showsAProcessingPostToItsAuthorOnly() {
		long author = newUser();
		long other = newUser();
		long postId = insertProcessingPost(author, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), 0);

		Reply own = get(author, "/v1/posts/" + postId);
		Reply foreign = get(other, "/v1/posts/" + postId);
		Reply ownList = get(author, "/v1/users/" + author + "/posts");
		Reply foreignList = get(other, "/v1/users/" + author + "/posts");
		Reply internal = Reply
			.of(client().get().uri("/internal/posts?ids=" + postId).header("X-Internal-Token", INTERNAL_TOKEN));

		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().path("upload_status").asString()).isEqualTo("PROCESSING");
		foreign.assertProblem(404, "not-found");
		assertThat(ownList.json().path("posts").size()).isEqualTo(1);
		assertThat(foreignList.json().path("posts").size()).isZero();
		assertThat(internal.json().path("posts").size()).isZero();
		assertThat(post(other, "/v1/posts/" + postId + "/like").status()).isEqualTo(404);
	}

	@Test
	void takesAgainAJobWhoseWorkerDiedHoldingIt() {
		long author = newUser();
		// Claimed once, its lease run out a minute ago: the worker that held it is gone.
		long postId = insertProcessingPost(author, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), 1);

		JsonNode ready = awaitStatus(author, postId, "READY");

		assertThat(fetch(ready.path("thumbnail_url").asString()).statusCode()).isEqualTo(200);
		assertThat(outboxEvents(postId)).containsExactly("PostPublished");
	}

	@Test
	void marksAnUndecodableImageFailedAndLeavesNoObjects() {
		long user = newUser();
		Reply accepted = upload(user, TestImages.scrambledJpeg(800, 600), "noise.jpg", "image/jpeg");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		long postId = accepted.json().path("post_id").asLong();
		String mediaKey = mediaKeyOf(accepted.json().path("image_url").asString());

		JsonNode failed = awaitStatus(user, postId, "FAILED");

		assertThat(failed.path("failure_reason").asString()).isNotBlank();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(objectKeys(mediaKey)).isEmpty());
		assertThat(get(newUser(), "/v1/posts/" + postId).status()).isEqualTo(404);
		assertThat(outboxEvents(postId)).isEmpty();
		assertThat(this.meters.find("pixelgram.media.upload.failures").tag("stage", "processing").counter())
			.isNotNull();
	}

	/** A post left PROCESSING with its render job due at {@code leaseUntil}. */
	private long insertProcessingPost(long author, OffsetDateTime leaseUntil, int attempts) {
		int shard = this.shards.shardOf(author);
		long postId = this.ids.nextId(shard);
		String mediaKey = "crashtest/" + postId;
		java.nio.file.Path file = null;
		try {
			file = java.nio.file.Files.createTempFile("original", ".png");
			java.nio.file.Files.write(file, TestImages.png(TestImages.photo(640, 480)));
			this.storage.putOriginal(mediaKey, file, "image/png");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		finally {
			if (file != null) {
				file.toFile().delete();
			}
		}
		this.shards.write(shard, () -> {
			this.posts.insert(new Post(postId, author, "", null, null, mediaKey, "image/png", 640, 480,
					UploadStatus.PROCESSING, null, 0, 0, com.pixelgram.id.IdGenerator.timeOf(postId), null));
			this.shards.jdbc()
				.sql("INSERT INTO media_job (post_id, kind, media_key, attempts, lease_until) "
						+ "VALUES (:id, 'RENDER', :key, :attempts, :lease)")
				.param("id", postId)
				.param("key", mediaKey)
				.param("attempts", attempts)
				.param("lease", leaseUntil)
				.update();
		});
		return postId;
	}

	private List<String> objectKeys(String mediaKey) {
		List<String> keys = new java.util.ArrayList<>();
		for (String prefix : List.of("originals/" + mediaKey, "r/" + mediaKey + "/")) {
			this.s3.listObjectsV2((request) -> request.bucket(BUCKET).prefix(prefix))
				.contents()
				.forEach((object) -> keys.add(object.key()));
		}
		return keys;
	}

	static String mediaKeyOf(String url) {
		String path = url.substring(url.indexOf("/r/") + 3);
		return path.substring(0, path.lastIndexOf('/'));
	}

	private static BufferedImage decode(byte[] jpeg) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
		assertThat(image).isNotNull();
		return image;
	}

	private static int red(int rgb) {
		return (rgb >> 16) & 0xff;
	}

	private static int blue(int rgb) {
		return rgb & 0xff;
	}

}
