package com.pixelgram.post.like;

import java.util.List;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class LikeTest extends PostIntegrationTest {

	@Test
	void likingTwiceCountsOnceAndUnlikingTwiceUncountsOnce() {
		long author = newUser();
		long fan = newUser();
		long postId = readyPost(author);
		String like = "/v1/posts/" + postId + "/like";

		Reply first = post(fan, like);
		Reply again = post(fan, like);

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("liked_by_me").asBoolean()).isTrue();
		assertThat(first.json().path("likes_count").asLong()).isEqualTo(1);
		assertThat(again.json().path("likes_count").asLong()).isEqualTo(1);
		assertThat(get(fan, "/v1/posts/" + postId).json().path("likes_count").asLong()).isEqualTo(1);

		Reply unliked = delete(fan, like);
		Reply unlikedAgain = delete(fan, like);

		assertThat(unliked.json().path("liked_by_me").asBoolean()).isFalse();
		assertThat(unliked.json().path("likes_count").asLong()).isZero();
		assertThat(unlikedAgain.json().path("likes_count").asLong()).isZero();
		JsonNode after = get(fan, "/v1/posts/" + postId).json();
		assertThat(after.path("likes_count").asLong()).isZero();
		assertThat(after.path("liked_by_me").asBoolean()).isFalse();
		assertThat(outboxEvents(postId)).containsExactly("PostPublished", "LikeCreated", "LikeDeleted");
	}

	@Test
	void answersALikeOfAnUnknownPostWith404() {
		long user = newUser();

		post(user, "/v1/posts/" + this.ids.nextId(2) + "/like").assertProblem(404, "not-found");
		delete(user, "/v1/posts/" + this.ids.nextId(2) + "/like").assertProblem(404, "not-found");
	}

	@Test
	void pagesThePeopleWhoLikedAPostNewestFirst() {
		long author = newUser();
		long postId = readyPost(author);
		List<Long> fans = List.of(newUser(), newUser(), newUser());
		fans.forEach((fan) -> assertThat(post(fan, "/v1/posts/" + postId + "/like").status()).isEqualTo(200));

		Reply first = get(author, "/v1/posts/" + postId + "/likes?limit=2");
		Reply second = get(author, "/v1/posts/" + postId + "/likes?page=2&limit=2");

		assertThat(userIds(first)).containsExactly(fans.get(2), fans.get(1));
		assertThat(first.json().path("likes").get(0).path("username").asString()).isEqualTo("user" + fans.get(2));
		assertThat(first.headers().getFirst(HttpHeaders.LINK)).contains("page=2").endsWith("rel=\"next\"");
		assertThat(userIds(second)).containsExactly(fans.get(0));
		assertThat(second.headers().getFirst(HttpHeaders.LINK)).isNull();
		get(author, "/v1/posts/" + postId + "/likes?limit=0").assertProblem(400, "validation");
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
	}

	private static List<Long> userIds(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().path("likes").valueStream().map((like) -> like.path("user_id").asLong()).toList();
	}

}
