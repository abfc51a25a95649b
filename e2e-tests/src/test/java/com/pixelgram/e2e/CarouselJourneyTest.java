package com.pixelgram.e2e;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A carousel through the gateway, as an app posts and reads it: Erin posts three photos
 * with their alt texts; Frank, who follows her, sees the post with every photo in order
 * under {@code media}, in his feed as in {@code GET /v1/posts/{id}}, and each photo is
 * served by the CDN.
 */
@ExtendWith(PixelgramStack.class)
class CarouselJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	@Test
	void aFollowerSeesEveryPhotoOfACarouselInOrderInTheFeedAsInThePost() throws IOException {
		Journeys.Account erin = Journeys.register(api, "erin");
		Journeys.Account frank = Journeys.register(api, "frank");
		assertThat(api.post("/v1/users/" + erin.id() + "/follow", "", frank.accessToken()).status()).isBetween(200,
				299);

		Api.Reply upload = api.postParts("/v1/posts", erin.accessToken(),
				List.of(Api.Part.text("caption", "Three views of the bay"),
						Api.Part.file("images", "one.jpg", "image/jpeg", photo()),
						Api.Part.file("images", "two.png", "image/png", png(640, 480, Color.ORANGE)),
						Api.Part.file("images", "three.png", "image/png", png(300, 500, Color.BLUE)),
						Api.Part.text("alt_text", "the bay at dawn, from the pier"),
						Api.Part.text("alt_text", "an orange wall")));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
		String postId = upload.text("post_id");
		await().atMost(ASYNC)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> "READY".equals(api.get("/v1/posts/" + postId, erin.accessToken()).text("upload_status")));

		JsonNode post = api.get("/v1/posts/" + postId, frank.accessToken()).json();
		JsonNode media = post.path("media");
		assertThat(media.size()).isEqualTo(3);
		List<String> altTexts = new ArrayList<>();
		media.forEach(
				(photo) -> altTexts.add(photo.path("alt_text").isString() ? photo.path("alt_text").asString() : null));
		assertThat(altTexts).containsExactly("the bay at dawn, from the pier", "an orange wall", null);
		assertThat(media.get(1).path("width").asInt()).isEqualTo(640);
		assertThat(media.get(1).path("height").asInt()).isEqualTo(480);
		assertThat(media.get(2).path("width").asInt()).isEqualTo(300);
		assertThat(media.get(2).path("height").asInt()).isEqualTo(500);
		for (JsonNode photo : media) {
			assertThat(photo.path("blurhash").asString()).isNotBlank();
			assertThat(api.fetch(photo.path("image_url").asString()).statusCode()).isEqualTo(200);
			assertThat(api.fetch(photo.path("thumbnail_url").asString()).statusCode()).isEqualTo(200);
		}
		assertThat(post.path("image_url")).isEqualTo(media.get(0).path("image_url"));
		assertThat(post.path("alt_text")).isEqualTo(media.get(0).path("alt_text"));

		JsonNode item = await().atMost(ASYNC)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> item(api.get("/v1/feed?limit=20", frank.accessToken()), postId), (found) -> found != null);
		List<String> fields = new ArrayList<>();
		post.propertyNames().forEach(fields::add);
		assertThat(fields).contains("media", "image_url", "alt_text", "blurhash", "liked_by_me");
		fields.forEach((field) -> assertThat(item.path(field)).as(field).isEqualTo(post.path(field)));
		assertThat(item.path("author").path("user_id").asString()).isEqualTo(erin.id());
	}

	private static JsonNode item(Api.Reply feed, String postId) {
		if (feed.status() != 200) {
			return null;
		}
		for (JsonNode item : feed.json().path("posts")) {
			if (item.path("post_id").asString().equals(postId)) {
				return item;
			}
		}
		return null;
	}

	private static byte[] png(int width, int height, Color color) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(color);
		graphics.fillRect(0, 0, width, height);
		graphics.setColor(Color.WHITE);
		graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private static byte[] photo() throws IOException {
		try (InputStream in = CarouselJourneyTest.class.getResourceAsStream("/photo-gps.jpg")) {
			return in.readAllBytes();
		}
	}

}
