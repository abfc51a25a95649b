package com.pixelgram.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A photo's life as two phones see it, through the gateway only: Alice posts a photo with
 * GPS in its EXIF, Bob (who follows her) sees it in his feed, likes and comments, Alice
 * is notified; an unlike withdraws the notification, an unfollow takes the post out of
 * Bob's feed, and a delete makes it disappear everywhere.
 */
@ExtendWith(PixelgramStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhotoJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	static Journeys.Account alice;

	static Journeys.Account bob;

	static String postId;

	static JsonNode post;

	@BeforeAll
	static void twoFriends() {
		alice = Journeys.register(api, "alice");
		bob = Journeys.register(api, "bob");
		assertThat(api.post("/v1/users/" + alice.id() + "/follow", "", bob.accessToken()).status()).isBetween(200, 299);
	}

	@Test
	@Order(1)
	void aPhotoUploadIsAcceptedAtOnceWithItsFinalUrls() throws IOException {
		String key = UUID.randomUUID().toString();
		Api.Reply upload = upload(photo(), "image/jpeg", "photo.jpg", key);
		assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
		postId = upload.text("post_id");
		assertThat(upload.text("upload_status")).isEqualTo("PROCESSING");
		assertThat(upload.text("image_url")).startsWith("http://127.0.0.1:" + PixelgramStack.S3_PORT + "/");

		Api.Reply retry = upload(photo(), "image/jpeg", "photo.jpg", key);
		assertThat(retry.text("post_id")).as("the same Idempotency-Key gives the same post").isEqualTo(postId);
	}

	@Test
	@Order(2)
	void thePostBecomesReadyWithEveryRenditionServedAndNoGpsLeft() {
		await().atMost(ASYNC).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			post = api.get("/v1/posts/" + postId, alice.accessToken()).json();
			assertThat(post.path("upload_status").asString()).isEqualTo("READY");
		});
		assertThat(post.path("user_id").asString()).isEqualTo(alice.id());

		// Landscape pixels with EXIF orientation 6: every rendition comes out portrait.
		Map<String, int[]> expected = Map.of("1080", new int[] { 1080, 1440 }, "720", new int[] { 720, 960 }, "480",
				new int[] { 480, 640 }, "150", new int[] { 150, 150 });
		List<String> listed = new ArrayList<>();
		post.path("renditions").propertyNames().forEach(listed::add);
		assertThat(listed).as("the post lists exactly the public renditions, never the original")
			.containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((name, size) -> {
			HttpResponse<byte[]> image = api.fetch(post.path("renditions").path(name).asString());
			assertThat(image.statusCode()).as("rendition %s", name).isEqualTo(200);
			assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			assertThat(image.headers().firstValue("Cache-Control"))
				.hasValueSatisfying((cache) -> assertThat(cache).contains("immutable"));
			assertThat(dimensions(image.body())).as("rendition %s", name).containsExactly(size);
			assertThat(new String(image.body(), StandardCharsets.ISO_8859_1)).as("rendition %s", name)
				.doesNotContain("Exif")
				.doesNotContain("PixelgramTestCam");
		});
		assertThat(post.path("image_url").asString()).isEqualTo(post.path("renditions").path("1080").asString());
		assertThat(post.path("thumbnail_url").asString()).isEqualTo(post.path("renditions").path("150").asString());
		await().atMost(ASYNC).untilAsserted(() -> assertThat(postsCount(alice)).isEqualTo(1));
	}

	@Test
	@Order(3)
	void theFollowerSeesThePostInTheirFeed() {
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(bob)).contains(postId));
	}

	@Test
	@Order(4)
	void aLikeAndACommentReachTheOwnersNotifications() {
		JsonNode like = api.post("/v1/posts/" + postId + "/like", "", bob.accessToken()).json();
		assertThat(like.path("liked_by_me").asBoolean()).isTrue();
		assertThat(api.post("/v1/posts/" + postId + "/like", "", bob.accessToken()).json().path("likes_count").asLong())
			.as("a second like changes nothing")
			.isEqualTo(1);
		Api.Reply comment = api.post("/v1/posts/" + postId + "/comments", "{\"text\":\"Lovely light!\"}",
				bob.accessToken());
		assertThat(comment.status()).as(comment.toString()).isEqualTo(201);

		await().atMost(ASYNC)
			.untilAsserted(() -> assertThat(notificationTypes(alice)).contains("LIKE", "COMMENT", "FOLLOW"));
		assertThat(api.get("/v1/notifications/unread-count", alice.accessToken()).json().path("unread_count").asLong())
			.isGreaterThanOrEqualTo(3);
	}

	@Test
	@Order(5)
	void anUnlikeWithdrawsTheNotification() {
		assertThat(api.delete("/v1/posts/" + postId + "/like", bob.accessToken()).status()).isBetween(200, 299);

		await().atMost(ASYNC).untilAsserted(() -> assertThat(notificationTypes(alice)).doesNotContain("LIKE"));
		assertThat(api.get("/v1/posts/" + postId, bob.accessToken()).json().path("likes_count").asLong()).isZero();
	}

	@Test
	@Order(6)
	void nobodyButTheOwnerDeletesAPostAndFakeOrHugeImagesAreRefused() {
		assertThat(api.delete("/v1/posts/" + postId, bob.accessToken()).status()).isEqualTo(403);

		Api.Reply fake = upload("just text, not a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg", "photo.jpg",
				null);
		assertThat(fake.status()).isEqualTo(415);
		assertThat(fake.isProblem()).isTrue();
		Api.Reply huge = upload(new byte[13 * 1024 * 1024], "image/jpeg", "huge.jpg", null);
		assertThat(huge.status()).isEqualTo(413);
		Api.Reply noToken = api.postMultipart("/v1/posts", null, Map.of(), "image", "photo.jpg", "image/jpeg",
				new byte[] { 1 });
		assertThat(noToken.status()).isEqualTo(401);
	}

	@Test
	@Order(7)
	void anUnfollowTakesThePostOutOfTheFeed() {
		assertThat(api.delete("/v1/users/" + alice.id() + "/follow", bob.accessToken()).status()).isBetween(200, 299);

		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(bob)).doesNotContain(postId));
	}

	@Test
	@Order(8)
	void aDeletedPostIsGoneEverywhere() {
		assertThat(api.delete("/v1/posts/" + postId, alice.accessToken()).status()).isBetween(200, 299);

		assertThat(api.get("/v1/posts/" + postId, alice.accessToken()).status()).isEqualTo(404);
		assertThat(api.get("/v1/posts/" + postId, bob.accessToken()).status()).isEqualTo(404);
		assertThat(api.post("/v1/posts/" + postId + "/like", "", bob.accessToken()).status()).isEqualTo(404);
		assertThat(api.get("/v1/posts/" + postId + "/comments", bob.accessToken()).status()).isEqualTo(404);
		post.path("renditions")
			.forEach((url) -> await().atMost(ASYNC)
				.untilAsserted(
						() -> assertThat(api.fetch(url.asString()).statusCode()).as(url.asString()).isIn(403, 404)));
		Api.Reply posts = api.get("/v1/users/" + alice.id() + "/posts", bob.accessToken());
		assertThat(posts.status()).isEqualTo(200);
		assertThat(posts.body()).doesNotContain(postId);
		await().atMost(ASYNC).untilAsserted(() -> assertThat(postsCount(alice)).isZero());
	}

	private static Api.Reply upload(byte[] image, String contentType, String filename, String idempotencyKey) {
		Map<String, String> fields = Map.of("caption", "Sunset over the Seine #paris", "location", "Paris");
		return (idempotencyKey != null)
				? api.postMultipart("/v1/posts", alice.accessToken(), fields, "image", filename, contentType, image,
						"Idempotency-Key", idempotencyKey)
				: api.postMultipart("/v1/posts", alice.accessToken(), fields, "image", filename, contentType, image);
	}

	/** The posts count of the account's profile, as another user sees it. */
	private static long postsCount(Journeys.Account account) {
		Api.Reply profile = api.get("/v1/users/" + account.id(), bob.accessToken());
		assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
		return profile.json().path("posts_count").asLong();
	}

	private static List<String> feedOf(Journeys.Account account) {
		Api.Reply feed = api.get("/v1/feed?page=1&limit=20", account.accessToken());
		assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		feed.json().path("posts").forEach((item) -> ids.add(item.path("post_id").asString()));
		return ids;
	}

	private static List<String> notificationTypes(Journeys.Account account) {
		Api.Reply list = api.get("/v1/notifications?page=1&limit=50", account.accessToken());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		JsonNode items = list.json().path("notifications");
		List<String> types = new ArrayList<>();
		items.forEach((item) -> types.add(item.path("type").asString()));
		return types;
	}

	private static byte[] photo() throws IOException {
		try (InputStream in = PhotoJourneyTest.class.getResourceAsStream("/photo-gps.jpg")) {
			return in.readAllBytes();
		}
	}

	private static int[] dimensions(byte[] jpeg) {
		try {
			java.awt.image.BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
			return new int[] { image.getWidth(), image.getHeight() };
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
