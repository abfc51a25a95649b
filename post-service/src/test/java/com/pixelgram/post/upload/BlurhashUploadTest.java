package com.pixelgram.post.upload;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class BlurhashUploadTest extends PostIntegrationTest {

	@Test
	void anUploadedPhotoHasItsBlurhashWidthAndHeightOnThePostAndInItsEvent() {
		long author = newUser();
		// 640×480 turned by EXIF orientation 6: shown 480 wide, 640 high
		byte[] photo = TestImages.withExif(TestImages.jpeg(TestImages.photo(640, 480)), 6);

		Reply reply = upload(author, photo, "photo.jpg", "image/jpeg", "caption", "portrait");

		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		// Not known before the renditions: the accepted post has none (a read now may
		// already find the post READY).
		assertThat(reply.json().path("upload_status").asString()).isEqualTo("PROCESSING");
		assertThat(reply.json().has("blurhash")).isFalse();
		JsonNode post = awaitStatus(author, postId, "READY");
		assertThat(post.path("width").asInt()).isEqualTo(480);
		assertThat(post.path("height").asInt()).isEqualTo(640);
		String blurhash = post.path("blurhash").asString();
		// a portrait photo: 3×4 components, size flag (3 - 1) + (4 - 1) × 9 = 29 ("T")
		assertThat(blurhash).hasSize(4 + 2 * 12).startsWith("T").matches("[0-9A-Za-z#$%*+,\\-.:;=?@\\[\\]^_{|}~]+");
		JsonNode reader = get(newUser(), "/v1/posts/" + postId).json();
		assertThat(reader.path("blurhash").asString()).isEqualTo(blurhash);
		JsonNode event = JSON.readTree(outboxPayload(postId, "PostPublished"));
		assertThat(event.path("blurhash").asString()).isEqualTo(blurhash);
		assertThat(event.path("width").asInt()).isEqualTo(480);
		assertThat(event.path("height").asInt()).isEqualTo(640);
	}

}
