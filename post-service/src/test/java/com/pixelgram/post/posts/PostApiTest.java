package com.pixelgram.post.posts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostApiTest extends PostIntegrationTest {

	@Autowired
	S3Client s3;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	com.pixelgram.post.RedisKeys keys;

	@Test
	void showsEveryFieldOfAPost() {
		long author = newUser();
		long viewer = newUser();
		Reply accepted = upload(author, TestImages.png(TestImages.photo(1200, 800)), "p.png", "image/png", "caption",
				"Hello #world", "location", "Lisbon", "alt_text", "Red and blue");
		long postId = accepted.json().path("post_id").asLong();
		awaitStatus(author, postId, "READY");
		post(viewer, "/v1/posts/" + postId + "/like");
		postJson(viewer, "/v1/posts/" + postId + "/comments", "{\"text\":\"nice\"}");

		JsonNode post = get(viewer, "/v1/posts/" + postId).json();

		assertThat(post.path("post_id").isString()).isTrue();
		assertThat(post.path("post_id").asString()).isEqualTo(Long.toString(postId));
		assertThat(post.path("user_id").asString()).isEqualTo(Long.toString(author));
		assertThat(post.path("username").asString()).isEqualTo("user" + author);
		assertThat(post.path("caption").asString()).isEqualTo("Hello #world");
		assertThat(post.path("location").asString()).isEqualTo("Lisbon");
		assertThat(post.path("alt_text").asString()).isEqualTo("Red and blue");
		assertThat(post.path("image_url").asString()).isEqualTo(post.path("renditions").path("1080").asString());
		assertThat(post.path("thumbnail_url").asString()).isEqualTo(post.path("renditions").path("150").asString());
		assertThat(post.path("renditions").propertyNames()).containsExactly("1080", "720", "480", "150");
		assertThat(post.path("width").asInt()).isEqualTo(1200);
		assertThat(post.path("height").asInt()).isEqualTo(800);
		assertThat(post.path("likes_count").asLong()).isEqualTo(1);
		assertThat(post.path("comments_count").asLong()).isEqualTo(1);
		assertThat(post.path("liked_by_me").asBoolean()).isTrue();
		assertThat(post.path("upload_status").asString()).isEqualTo("READY");
		assertThat(post.path("created_at").asString()).isNotBlank();
		assertThat(get(author, "/v1/posts/" + postId).json().path("liked_by_me").asBoolean()).isFalse();
	}

	@Test
	void cachesAReadyPostInRedisAndEvictsItOnChange() {
		long author = newUser();
		long postId = uploadReady(author, TestImages.png(TestImages.photo(300, 300))).path("post_id").asLong();
		String key = this.keys.key("post:{" + postId + "}");

		get(newUser(), "/v1/posts/" + postId);
		assertThat(this.redis.opsForValue().get(key)).contains("\"likes_count\":0").doesNotContain("liked_by_me");
		assertThat(this.redis.getExpire(key)).isBetween(3000L, 3600L);

		post(newUser(), "/v1/posts/" + postId + "/like");

		assertThat(this.redis.hasKey(key)).isFalse();
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("likes_count").asLong()).isEqualTo(1);
	}

	@Test
	void answersWithoutUsernameWhenUserServiceIsDown() {
		long author = newUser();
		long postId = uploadReady(author, TestImages.png(TestImages.photo(300, 300))).path("post_id").asLong();
		this.redis.delete(this.keys.key("username:" + author));
		USER_SERVICE.setDown(true);
		try {
			Reply reply = get(newUser(), "/v1/posts/" + postId);

			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.json().has("username")).isFalse();
			assertThat(reply.json().path("post_id").asLong()).isEqualTo(postId);
		}
		finally {
			USER_SERVICE.setDown(false);
		}
	}

	@Test
	void pagesAUsersPostsNewestFirstWithALinkToTheNextPage() {
		long author = newUser();
		List<Long> uploaded = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			uploaded.add(uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong());
		}
		List<Long> newestFirst = new ArrayList<>(uploaded);
		java.util.Collections.reverse(newestFirst);

		Reply first = get(newUser(), "/v1/users/" + author + "/posts?limit=2");
		Reply last = get(newUser(), "/v1/users/" + author + "/posts?page=3&limit=2");

		assertThat(ids(first)).containsExactly(newestFirst.get(0), newestFirst.get(1));
		String link = first.headers().getFirst(HttpHeaders.LINK);
		// relative to the request: behind the gateway the service does not know the
		// client's host
		assertThat(link).endsWith("; rel=\"next\"")
			.startsWith("</v1/users/" + author + "/posts?")
			.contains("page=2")
			.contains("limit=2");
		Reply second = get(newUser(), link.substring(link.indexOf("/v1/"), link.indexOf('>')));
		assertThat(ids(second)).containsExactly(newestFirst.get(2), newestFirst.get(3));
		assertThat(ids(last)).containsExactly(newestFirst.get(4));
		assertThat(last.headers().getFirst(HttpHeaders.LINK)).isNull();
	}

	@Test
	void refusesBadPaging() {
		long user = newUser();

		get(user, "/v1/users/" + user + "/posts?page=0").assertProblem(400, "validation");
		get(user, "/v1/users/" + user + "/posts?limit=101").assertProblem(400, "validation");
		get(user, "/v1/users/" + user + "/posts?limit=abc").assertProblem(400, "validation");
	}

	@Test
	void refusesAPagePastTheDeepestOffsetNamingTheLimit() {
		long user = newUser();

		assertThat(get(user, "/v1/users/" + user + "/posts?page=101&limit=100").status()).isEqualTo(200);
		JsonNode tooDeep = get(user, "/v1/users/" + user + "/posts?page=102&limit=100").assertProblem(400,
				"page-too-deep");

		assertThat(tooDeep.path("max_offset").asLong()).isEqualTo(10_000);
		assertThat(tooDeep.path("max_page").asLong()).isEqualTo(101);
		assertThat(tooDeep.path("detail").asString()).contains("Narrow the query");
	}

	@Test
	void deletesAPostOfTheOwnerWithItsObjects() {
		long author = newUser();
		JsonNode post = uploadReady(author, TestImages.png(TestImages.photo(300, 200)));
		long postId = post.path("post_id").asLong();
		String mediaKey = mediaKeyOf(post.path("image_url").asString());
		assertThat(objectKeys(mediaKey)).hasSize(5);

		Reply deleted = delete(author, "/v1/posts/" + postId);

		assertThat(deleted.status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(objectKeys(mediaKey)).isEmpty());
		assertThat(outboxEvents(postId)).containsExactly("PostPublished", "PostDeleted");
		get(author, "/v1/posts/" + postId).assertProblem(404, "not-found");
		assertThat(fetch(post.path("image_url").asString()).statusCode()).isEqualTo(404);
		assertThat(delete(author, "/v1/posts/" + postId).status()).isEqualTo(404);
	}

	@Test
	void refusesToDeleteSomeoneElsesPostAndChangesNothing() {
		long author = newUser();
		long intruder = newUser();
		JsonNode post = uploadReady(author, TestImages.png(TestImages.photo(300, 200)));
		long postId = post.path("post_id").asLong();

		delete(intruder, "/v1/posts/" + postId).assertProblem(403, "forbidden");

		assertThat(get(intruder, "/v1/posts/" + postId).status()).isEqualTo(200);
		assertThat(fetch(post.path("image_url").asString()).statusCode()).isEqualTo(200);
		assertThat(objectKeys(mediaKeyOf(post.path("image_url").asString()))).hasSize(5);
		assertThat(outboxEvents(postId)).containsExactly("PostPublished");
	}

	@Test
	void answersUnknownPostsWith404() {
		long user = newUser();

		get(user, "/v1/posts/" + this.ids.nextId(3)).assertProblem(404, "not-found");
		get(user, "/v1/posts/123").assertProblem(404, "not-found");
		get(user, "/v1/posts/not-a-number").assertProblem(400, "validation");
	}

	@Test
	void tellsWhichPostsOfManyShardsAndBothDatabasesAUserLikes() {
		long fan = newUser();
		List<Long> posts = new ArrayList<>();
		Set<Integer> shards = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			long postId = uploadReady(newUser(), TestImages.png(TestImages.photo(120, 120))).path("post_id").asLong();
			posts.add(postId);
			shards.add(IdGenerator.shardOf(postId));
		}
		List<Long> liked = List.of(posts.get(0), posts.get(2), posts.get(4));
		liked.forEach((postId) -> assertThat(post(fan, "/v1/posts/" + postId + "/like").status()).isEqualTo(200));
		StringBuilder query = new StringBuilder();
		posts.forEach((postId) -> query.append(postId).append(','));
		query.append(this.ids.nextId(6));

		Reply reply = internal("/internal/likes?user_id=" + fan + "&post_ids=" + query);

		// More shards than one database holds (4 of 8 here): both databases answer.
		assertThat(shards).as("the posts' shards").hasSizeGreaterThan(4);
		assertThat(reply.json().path("post_ids").valueStream().map((id) -> Long.parseLong(id.asString())))
			.containsExactlyInAnyOrderElementsOf(liked);
	}

	@Test
	void servesReadyPostsAndLikesInBatchesToOtherServicesOnly() {
		long author = newUser();
		long fan = newUser();
		long first = uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
		long second = uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
		long unknown = this.ids.nextId(5);
		post(fan, "/v1/posts/" + second + "/like");

		Reply batch = internal("/internal/posts?ids=" + second + "," + unknown + "," + first);
		Reply recent = internal("/internal/users/" + author + "/recent-posts?limit=10");
		Reply liked = internal("/internal/likes?user_id=" + fan + "&post_ids=" + first + "," + second + "," + unknown);

		assertThat(batch.status()).isEqualTo(200);
		assertThat(ids(batch)).containsExactly(second, first);
		JsonNode one = batch.json().path("posts").get(0);
		assertThat(one.path("username").asString()).isEqualTo("user" + author);
		assertThat(one.path("image_url").asString()).endsWith("/1080.jpg");
		assertThat(one.path("likes_count").asLong()).isEqualTo(1);
		assertThat(one.has("liked_by_me")).isFalse();
		assertThat(ids(recent)).containsExactly(second, first);
		assertThat(liked.json().path("post_ids").valueStream().map(JsonNode::asString))
			.containsExactly(Long.toString(second));
		StringBuilder tooMany = new StringBuilder();
		for (int i = 0; i < 101; i++) {
			tooMany.append(i == 0 ? "" : ",").append(i + 1);
		}
		internal("/internal/posts?ids=" + tooMany).assertProblem(400, "validation");
		Reply withoutToken = Reply.of(client().get().uri("/internal/posts?ids=" + first));
		Reply withUserToken = get(author, "/internal/users/" + author + "/recent-posts");
		Reply likesWithoutToken = Reply.of(client().get().uri("/internal/likes?user_id=1&post_ids=" + first));
		withoutToken.assertProblem(403, "forbidden");
		withUserToken.assertProblem(403, "forbidden");
		likesWithoutToken.assertProblem(403, "forbidden");
	}

	@Test
	void opensToEachCallingServiceOnlyWhatItNeeds() {
		long author = newUser();
		long post = uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();

		Reply notificationBatch = internal("/internal/posts?ids=" + post, NOTIFICATION_TOKEN);
		Reply notificationLikes = internal("/internal/likes?user_id=" + author + "&post_ids=" + post,
				NOTIFICATION_TOKEN);
		Reply notificationRecent = internal("/internal/users/" + author + "/recent-posts", NOTIFICATION_TOKEN);
		Reply feedLikes = internal("/internal/likes?user_id=" + author + "&post_ids=" + post, FEED_TOKEN);
		Reply ownToken = internal("/internal/posts?ids=" + post, INTERNAL_TOKEN);

		assertThat(ids(notificationBatch)).containsExactly(post);
		notificationLikes.assertProblem(403, "forbidden");
		notificationRecent.assertProblem(403, "forbidden");
		assertThat(feedLikes.status()).isEqualTo(200);
		ownToken.assertProblem(403, "forbidden");
	}

	@Test
	void describesItsApiInOpenApi() {
		Reply reply = Reply.of(client().get().uri("/v3/api-docs"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("openapi").asString()).startsWith("3.1");
		assertThat(reply.json().path("paths").propertyNames()).contains("/v1/posts", "/v1/posts/{id}",
				"/v1/users/{id}/posts", "/v1/posts/{id}/like", "/v1/posts/{id}/likes", "/v1/posts/{id}/comments",
				"/v1/posts/{id}/comments/{commentId}");
	}

	private Reply internal(String path) {
		return internal(path, FEED_TOKEN);
	}

	private Reply internal(String path, String token) {
		return Reply.of(client().get().uri(path).header("X-Internal-Token", token));
	}

	private static List<Long> ids(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().path("posts").valueStream().map((post) -> post.path("post_id").asLong()).toList();
	}

	private List<String> objectKeys(String mediaKey) {
		List<String> keys = new ArrayList<>();
		for (String prefix : List.of("originals/" + mediaKey, "r/" + mediaKey + "/")) {
			this.s3.listObjectsV2((request) -> request.bucket(BUCKET).prefix(prefix))
				.contents()
				.forEach((object) -> keys.add(object.key()));
		}
		return keys;
	}

	private static String mediaKeyOf(String url) {
		String path = url.substring(url.indexOf("/r/") + 3);
		return path.substring(0, path.lastIndexOf('/'));
	}

}
