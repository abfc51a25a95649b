package com.pixelgram.post.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.PostProperties;
import com.pixelgram.post.image.ImageInspector;
import com.pixelgram.post.image.Rendition;
import com.pixelgram.post.image.RenditionPipeline;
import com.pixelgram.post.image.TestImages;
import com.pixelgram.post.media.MediaKeys;
import com.pixelgram.post.media.MediaProperties;
import com.pixelgram.post.media.MediaStorage;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.TagIndex;
import com.pixelgram.post.posts.UploadStatus;
import com.pixelgram.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class UploadTest extends PostIntegrationTest {

	@Autowired
	S3Client s3;

	@Autowired
	com.pixelgram.post.posts.MentionEvents mentionEvents;

	@Autowired
	com.pixelgram.post.posts.AuthorDirectory authors;

	@Autowired
	UnverifiedAuthorLimit unverifiedAuthors;

	@Autowired
	MediaStorage storage;

	@Autowired
	PostRepository posts;

	@Autowired
	MeterRegistry meters;

	@Autowired
	MediaJobRepository jobs;

	@Autowired
	IdempotencyRepository idempotency;

	@Autowired
	PendingOriginalRepository pending;

	@Autowired
	OrphanOriginalSweeper sweeper;

	@Autowired
	RenditionWorker worker;

	@Autowired
	PostCache cache;

	@Autowired
	TagIndex tags;

	@Autowired
	MediaKeys keys;

	@Autowired
	ImageInspector inspector;

	@Autowired
	RenditionPipeline pipeline;

	@Autowired
	EventPublisher events;

	@Autowired
	PostProperties postProperties;

	@Autowired
	MediaProperties media;

	@Autowired
	UploadMetrics metrics;

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
			// a day for the photos, an hour for the thumbnail; the keys are never reused
			assertThat(response.headers().firstValue("Cache-Control")).hasValue(size.getKey().equals("150")
					? "public, max-age=3600, immutable" : "public, max-age=86400, immutable");
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
		// The event carries the whole post: a feed can serve it without asking.
		JsonNode published = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(outboxPayload(postId, "PostPublished"));
		assertThat(published.path("width").asInt()).isEqualTo(3000);
		assertThat(published.path("height").asInt()).isEqualTo(4000);
		assertThat(published.path("renditions").path("720").asString())
			.isEqualTo(ready.path("renditions").path("720").asString());
		assertThat(published.path("location").asString()).isEqualTo(ready.path("location").asString());
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
		// Guessing its address from a rendition's does not help: only the renditions are
		// readable without credentials.
		String imageUrl = ready.path("image_url").asString();
		assertThat(fetch(imageUrl).statusCode()).isEqualTo(200);
		assertThat(fetch(imageUrl.replace("r/" + mediaKey + "/1080.jpg", original)).statusCode()).isEqualTo(403);
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
	void refusesAJpegPixelBombBeforeDecodingIt() {
		Reply reply = upload(newUser(), TestImages.jpegClaiming(10_000, 8_000), "bomb.jpg", "image/jpeg");

		JsonNode problem = reply.assertProblem(400, "image-too-many-pixels");
		assertThat(problem.path("detail").asString()).contains("10000×8000");
	}

	@Test
	void refusesHostileMetadataWithAProblemQuickly() {
		long user = newUser();
		long start = System.nanoTime();

		Reply textChunks = upload(user, TestImages.pngWithTextChunks(TestImages.photo(64, 48), 5000), "chatty.png",
				"image/png");
		Reply textBomb = upload(user, TestImages.pngWithCompressedTextBomb(512), "bomb.png", "image/png");
		Reply appSegments = upload(user, TestImages.jpegWithAppSegments(TestImages.photo(64, 48), 1000), "app.jpg",
				"image/jpeg");

		textChunks.assertProblem(400, "image-too-much-metadata");
		JsonNode bomb = textBomb.assertProblem(400, "image-too-much-metadata");
		assertThat(bomb.path("detail").asString()).contains("1,048,576 bytes");
		appSegments.assertProblem(400, "image-too-much-metadata");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		assertThat(this.meters.find(UploadMetrics.FAILURES).tag("reason", "too-much-metadata").counter()).isNotNull();
	}

	@Test
	void refusesWebpsTheirDecoderWouldHoldWholeBeyondTheBudget() {
		long user = newUser();
		long start = System.nanoTime();

		// A few dozen bytes each, under the 50-megapixel limit, but their decoders hold
		// every pixel whatever the subsampling: 200 MB for the lossless one, about
		// 150 MB for the lossy one.
		Reply lossless = upload(user, TestImages.losslessWebp(7071, 7071, 64), "huge.webp", "image/webp");
		Reply lossy = upload(user, TestImages.lossyWebpClaiming(3000, 2000), "big.webp", "image/webp");

		assertThat(lossless.assertProblem(400, "image-too-many-pixels").path("detail").asString())
			.contains("7071×7071");
		lossy.assertProblem(400, "image-too-many-pixels");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
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

	@ParameterizedTest(name = "{0} of {1} characters")
	@CsvSource({ "location, 101", "alt_text, 1001" })
	void refusesLocationAndAltTextOverTheirLimits(String field, int length) {
		Reply reply = upload(newUser(), TestImages.png(TestImages.photo(50, 50)), "p.png", "image/png", field,
				"x".repeat(length));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(fields(problem)).containsExactly(field);
	}

	@ParameterizedTest(name = "{0} with U+{1}")
	@CsvSource({ "caption, 0", "caption, 7", "caption, 27", "caption, 127", "location, 0", "location, 9",
			"location, 10", "alt_text, 0", "alt_text, 13" })
	void refusesControlCharactersInTextFields(String field, int control) {
		Reply reply = upload(newUser(), TestImages.png(TestImages.photo(50, 50)), "p.png", "image/png", field,
				"Sunset" + (char) control + "over the bay");

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(fields(problem)).containsExactly(field);
	}

	@Test
	void keepsLineBreaksAndTabsOfACaption() {
		long user = newUser();
		String caption = "Sunset\r\nover the bay\n\tday 3";

		Reply reply = upload(user, TestImages.png(TestImages.photo(50, 50)), "p.png", "image/png", "caption", caption);

		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		JsonNode post = get(user, "/v1/posts/" + reply.json().path("post_id").asString()).json();
		assertThat(post.path("caption").asString()).isEqualTo(caption);
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
			.of(client().get().uri("/internal/posts?ids=" + postId).header("X-Internal-Token", FEED_TOKEN));

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

	@Test
	void failsARenderJobWhoseLastAttemptNeverFinished() {
		long author = newUser();
		long postId = this.ids.nextId(this.shards.shardOf(author));
		String mediaKey = "crashtest/" + postId;
		// What the dead workers left behind: some of the renditions.
		byte[] jpeg = TestImages.jpeg(TestImages.photo(64, 48));
		this.storage.putRendition(mediaKey, new Rendition("1080", 64, 48, jpeg));
		this.storage.putRendition(mediaKey, new Rendition("720", 64, 48, jpeg));
		// Claimed as often as allowed (twice in these tests), and each worker died
		// holding it: the last lease ran out a minute ago.
		insertProcessingPost(author, postId, mediaKey, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), 2);

		JsonNode failed = awaitStatus(author, postId, "FAILED");

		assertThat(failed.path("failure_reason").asString()).isNotBlank();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(objectKeys(mediaKey)).isEmpty();
			assertThat(mediaJobs(postId)).isEmpty();
		});
		assertThat(outboxEvents(postId)).isEmpty();
		assertThat(this.meters.find(UploadMetrics.FAILURES).tag("reason", "attempts-exhausted").counter()).isNotNull();
	}

	@Test
	void retriesARenderThatRanOutOfMemory() {
		long author = newUser();
		ClaimedJob claimed = claimRenderJob(author, 1);

		workerStoringOnly(2, () -> {
			throw new OutOfMemoryError("Java heap space");
		}).run(claimed.shard(), claimed.job());

		// Given back as a failed try rather than left to its two-minute lease: the
		// application's workers take it again and finish it.
		JsonNode ready = awaitStatus(author, claimed.job().postId(), "READY");
		assertThat(fetch(ready.path("image_url").asString()).statusCode()).isEqualTo(200);
		assertThat(outboxEvents(claimed.job().postId())).containsExactly("PostPublished");
	}

	@Test
	void leavesNoObjectsWhenTheLastAttemptFailsAfterStoringSomeRenditions() {
		assertLastAttemptLeavesNoObjects(() -> {
			throw SdkClientException.create("Connection reset");
		});
	}

	@Test
	void leavesNoObjectsWhenTheLastAttemptRunsOutOfMemoryAfterStoringSomeRenditions() {
		assertLastAttemptLeavesNoObjects(() -> {
			throw new OutOfMemoryError("Java heap space");
		});
	}

	@Test
	void aCarouselWhoseThirdPhotoCannotBeStoredIsRetriedAndPublishedOnlyWhole() {
		long author = newUser();
		ClaimedJob claimed = claimCarouselJob(author, 3, 1);
		long postId = claimed.job().postId();

		// S3 takes the four renditions of each of the first two photos, then fails.
		workerStoringOnly(8, () -> {
			throw SdkClientException.create("Connection reset");
		}).run(claimed.shard(), claimed.job());

		// Nothing of a post with two photos out of three goes out: the try is given back.
		assertThat(outboxEvents(postId)).isEmpty();
		JsonNode ready = awaitStatus(author, postId, "READY");
		assertThat(ready.path("media").size()).isEqualTo(3);
		for (JsonNode photo : ready.path("media")) {
			assertThat(fetch(photo.path("thumbnail_url").asString()).statusCode()).isEqualTo(200);
			assertThat(photo.path("blurhash").asString()).isNotBlank();
		}
		assertThat(outboxEvents(postId)).containsExactly("PostPublished");
	}

	@Test
	void aCarouselWhoseThirdPhotoCannotBeStoredAtTheLastAttemptFailsNamingItAndLeavesNoObjects() {
		long author = newUser();
		ClaimedJob claimed = claimCarouselJob(author, 3, this.media.worker().maxAttempts());
		long postId = claimed.job().postId();
		String mediaKey = claimed.job().mediaKey();

		workerStoringOnly(8, () -> {
			throw SdkClientException.create("Connection reset");
		}).run(claimed.shard(), claimed.job());

		JsonNode failed = awaitStatus(author, postId, "FAILED");
		assertThat(failed.path("failure_reason").asString()).startsWith("images[2]: ");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(carouselObjects(mediaKey)).isEmpty();
			assertThat(mediaJobs(postId)).isEmpty();
		});
		assertThat(outboxEvents(postId)).isEmpty();
		assertThat(get(newUser(), "/v1/posts/" + postId).status()).isEqualTo(404);
	}

	@Test
	void deletesTheOriginalOfAnUploadThatDiedBeforeCommittingItsPost() {
		long user = newUser();
		int shard = this.shards.shardOf(user);
		String posted = mediaKeyOf(
				uploadReady(user, TestImages.png(TestImages.photo(200, 150))).path("image_url").asString());
		AtomicReference<String> stored = new AtomicReference<>();
		MediaStorage dying = new MediaStorage(this.s3, this.media, this.keys) {

			@Override
			public void putOriginal(String mediaKey, Path file, String mediaType) {
				super.putOriginal(mediaKey, file, mediaType);
				stored.set(mediaKey);
				throw new ProcessDeath();
			}

		};

		assertThatThrownBy(() -> uploadsStoringIn(dying).upload(user, List.of(image()), false,
				new UploadService.NewPost("", null, null), "dies-before-commit"))
			.isInstanceOf(ProcessDeath.class);
		String orphan = stored.get();
		assertThat(objectKeys(orphan)).containsExactly("originals/" + orphan);
		assertThat(postOf(orphan)).isEmpty();

		this.sweeper.sweep();
		// Within the grace period the upload may still be on its way to the commit.
		assertThat(objectKeys(orphan)).containsExactly("originals/" + orphan);

		age(shard, orphan, this.media.orphanSweep().grace().plusMinutes(1));
		this.sweeper.sweep();

		assertThat(objectKeys(orphan)).isEmpty();
		assertThat(pendingOriginals(shard)).doesNotContain(orphan);
		// A committed upload took its original's record with it: the sweeper never sees
		// it.
		assertThat(pendingOriginals(shard)).doesNotContain(posted);
		assertThat(objectKeys(posted)).contains("originals/" + posted);
	}

	@Test
	void refusesToCommitAnUploadWhoseOriginalWasSweptMeanwhile() {
		long user = newUser();
		int shard = this.shards.shardOf(user);
		AtomicReference<String> stored = new AtomicReference<>();
		MediaStorage stalling = new MediaStorage(this.s3, this.media, this.keys) {

			@Override
			public void putOriginal(String mediaKey, Path file, String mediaType) {
				super.putOriginal(mediaKey, file, mediaType);
				stored.set(mediaKey);
				// The upload stalls past the grace period and the sweeper runs meanwhile.
				age(shard, mediaKey, UploadTest.this.media.orphanSweep().grace().plusMinutes(1));
				UploadTest.this.sweeper.sweep();
			}

		};

		assertThatThrownBy(() -> uploadsStoringIn(stalling).upload(user, List.of(image()), false,
				new UploadService.NewPost("", null, null), "outlived-grace"))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> assertThat(ex.getStatus().value()).isEqualTo(503));
		String swept = stored.get();
		assertThat(objectKeys(swept)).isEmpty();
		assertThat(postOf(swept)).isEmpty();
		// Its Idempotency-Key went with the rolled back commit: a retry uploads anew.
		Reply retry = uploadWithKey(user, "outlived-grace", TestImages.png(TestImages.photo(200, 150)), "p.png",
				"image/png");
		assertThat(retry.status()).as(retry.body()).isEqualTo(202);
		assertThat(retry.json().path("post_id").asLong()).isNotEqualTo(postIdOf(swept));
	}

	/**
	 * Runs a job at its last attempt on a worker whose S3 takes two renditions and then
	 * fails: the post ends FAILED and every object it had is removed.
	 */
	private void assertLastAttemptLeavesNoObjects(Runnable failure) {
		long author = newUser();
		ClaimedJob claimed = claimRenderJob(author, this.media.worker().maxAttempts());
		long postId = claimed.job().postId();

		workerStoringOnly(2, failure).run(claimed.shard(), claimed.job());

		JsonNode failed = awaitStatus(author, postId, "FAILED");
		assertThat(failed.path("failure_reason").asString()).isNotBlank();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(objectKeys(claimed.job().mediaKey())).isEmpty());
		assertThat(outboxEvents(postId)).isEmpty();
	}

	/**
	 * A worker of the application's beans whose S3 stores {@code renditions} renditions,
	 * then fails as told. Never started: it runs only what the test hands it, on the
	 * test's thread.
	 */
	private RenditionWorker workerStoringOnly(int renditions, Runnable failure) {
		AtomicInteger stored = new AtomicInteger();
		MediaStorage storage = new MediaStorage(this.s3, this.media, this.keys) {

			@Override
			public void putRendition(String mediaKey, Rendition rendition) {
				// The renditions of a photo are stored in parallel: the first
				// `renditions` puts to start succeed.
				if (stored.getAndIncrement() >= renditions) {
					failure.run();
				}
				super.putRendition(mediaKey, rendition);
			}

		};
		return new RenditionWorker(this.shards, this.jobs, this.posts, this.tags, this.cache, storage, this.keys,
				this.inspector, this.pipeline, this.events, this.media, this.metrics, this.meters, this.mentionEvents);
	}

	/** The upload service of the application's beans, storing through {@code storage}. */
	private UploadService uploadsStoringIn(MediaStorage storage) {
		return new UploadService(this.shards, this.ids, this.posts, this.jobs, this.idempotency, this.pending,
				this.inspector, storage, this.keys, this.worker, this.postProperties, this.media, this.metrics,
				this.unverifiedAuthors, this.authors);
	}

	/**
	 * A PROCESSING post whose render job is claimed here as its try number
	 * {@code attempt}; inserted and claimed in one transaction, so the application's
	 * workers never see it due before its lease runs out.
	 */
	private ClaimedJob claimRenderJob(long author, int attempt) {
		int shard = this.shards.shardOf(author);
		long postId = this.ids.nextId(shard);
		String mediaKey = "crashtest/" + postId;
		storeOriginal(mediaKey);
		MediaJob job = this.shards.write(shard, () -> {
			insertPostAndJob(author, postId, mediaKey, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), attempt - 1);
			return this.jobs.claim(postId, MediaJob.Kind.RENDER, Duration.ofMinutes(2)).orElseThrow();
		});
		assertThat(job.attempts()).isEqualTo(attempt);
		return new ClaimedJob(shard, job);
	}

	/**
	 * A carousel of {@code photos} PNGs left PROCESSING, its render job claimed by the
	 * test for its {@code attempt}-th try: the application's workers leave it alone until
	 * that lease runs out or the job is given back.
	 */
	private ClaimedJob claimCarouselJob(long author, int photos, int attempt) {
		int shard = this.shards.shardOf(author);
		long postId = this.ids.nextId(shard);
		String mediaKey = "carouseltest/" + postId;
		List<com.pixelgram.post.posts.Photo> rows = new java.util.ArrayList<>();
		for (String photoKey : MediaKeys.photoKeys(mediaKey, photos)) {
			storeOriginal(photoKey);
			rows.add(new com.pixelgram.post.posts.Photo(photoKey, "image/png", 640, 480, null, null));
		}
		MediaJob job = this.shards.write(shard, () -> {
			this.posts.insert(new Post(postId, author, "", null, null, mediaKey, "image/png", 640, 480,
					UploadStatus.PROCESSING, null, 0, 0, com.pixelgram.id.IdGenerator.timeOf(postId), null, null,
					List.of(), List.of(), null, rows));
			this.shards.jdbc()
				.sql("INSERT INTO media_job (post_id, kind, media_key, attempts, lease_until, photo_count) "
						+ "VALUES (:id, 'RENDER', :key, :attempts, :lease, :photos)")
				.param("id", postId)
				.param("key", mediaKey)
				.param("attempts", attempt - 1)
				.param("lease", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
				.param("photos", photos)
				.update();
			return this.jobs.claim(postId, MediaJob.Kind.RENDER, Duration.ofMinutes(2)).orElseThrow();
		});
		assertThat(job.attempts()).isEqualTo(attempt);
		assertThat(job.photoCount()).isEqualTo(photos);
		return new ClaimedJob(shard, job);
	}

	/** Every original and rendition of the photos of a post's media key. */
	private List<String> carouselObjects(String mediaKey) {
		List<String> keys = new java.util.ArrayList<>();
		for (String prefix : List.of("originals/" + mediaKey, "r/" + mediaKey)) {
			this.s3.listObjectsV2((request) -> request.bucket(BUCKET).prefix(prefix))
				.contents()
				.forEach((object) -> keys.add(object.key()));
		}
		return keys;
	}

	/** A post left PROCESSING with its render job due at {@code leaseUntil}. */
	private long insertProcessingPost(long author, OffsetDateTime leaseUntil, int attempts) {
		long postId = this.ids.nextId(this.shards.shardOf(author));
		insertProcessingPost(author, postId, "crashtest/" + postId, leaseUntil, attempts);
		return postId;
	}

	private void insertProcessingPost(long author, long postId, String mediaKey, OffsetDateTime leaseUntil,
			int attempts) {
		storeOriginal(mediaKey);
		this.shards.write(this.shards.shardOf(author),
				() -> insertPostAndJob(author, postId, mediaKey, leaseUntil, attempts));
	}

	private void storeOriginal(String mediaKey) {
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
	}

	/** Inside a transaction of the author's shard. */
	private void insertPostAndJob(long author, long postId, String mediaKey, OffsetDateTime leaseUntil, int attempts) {
		this.posts
			.insert(new Post(postId, author, "", null, null, mediaKey, "image/png", 640, 480, UploadStatus.PROCESSING,
					null, 0, 0, com.pixelgram.id.IdGenerator.timeOf(postId), null, null, List.of(), List.of(), null));
		this.shards.jdbc()
			.sql("INSERT INTO media_job (post_id, kind, media_key, attempts, lease_until) "
					+ "VALUES (:id, 'RENDER', :key, :attempts, :lease)")
			.param("id", postId)
			.param("key", mediaKey)
			.param("attempts", attempts)
			.param("lease", leaseUntil)
			.update();
	}

	private List<String> mediaJobs(long postId) {
		return this.shards.write(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("SELECT kind FROM media_job WHERE post_id = :id")
					.param("id", postId)
					.query(String.class)
					.list());
	}

	private List<String> pendingOriginals(int shard) {
		return this.shards.write(shard,
				() -> this.shards.jdbc().sql("SELECT media_key FROM pending_original").query(String.class).list());
	}

	/** Makes a pending original look as if its upload had begun {@code age} ago. */
	private void age(int shard, String mediaKey, Duration age) {
		this.shards.write(shard,
				() -> this.shards.jdbc()
					.sql("UPDATE pending_original SET created_at = now() - CAST(:millis AS double precision) "
							+ "* interval '1 millisecond' WHERE media_key = :key")
					.param("millis", age.toMillis())
					.param("key", mediaKey)
					.update());
	}

	private Optional<Post> postOf(String mediaKey) {
		long postId = postIdOf(mediaKey);
		return this.shards.write(this.shards.shardOf(postId), () -> this.posts.find(postId));
	}

	private static long postIdOf(String mediaKey) {
		return Long.parseLong(mediaKey.substring(mediaKey.lastIndexOf('/') + 1));
	}

	private static MockMultipartFile image() {
		return new MockMultipartFile("image", "photo.png", "image/png", TestImages.png(TestImages.photo(200, 150)));
	}

	private static List<String> fields(JsonNode problem) {
		return problem.path("errors").valueStream().map((error) -> error.path("field").asString()).toList();
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

	/**
	 * A claimed job and its shard.
	 *
	 * @param shard the post's shard
	 * @param job the job
	 */
	private record ClaimedJob(int shard, MediaJob job) {

	}

	/** Stands for the process dying: nothing of the upload after it runs. */
	private static final class ProcessDeath extends Error {

	}

	private static int red(int rgb) {
		return (rgb >> 16) & 0xff;
	}

	private static int blue(int rgb) {
		return rgb & 0xff;
	}

}
