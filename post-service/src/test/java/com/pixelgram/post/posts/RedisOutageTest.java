package com.pixelgram.post.posts;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis is a cache here: with no Redis at all, posts are served from Postgres. */
@Import(RedisOutageTest.NoRedis.class)
class RedisOutageTest extends PostIntegrationTest {

	@Test
	void servesAndChangesPostsWithoutRedis() {
		long author = newUser();
		long fan = newUser();
		JsonNode ready = uploadReady(author, TestImages.png(TestImages.photo(300, 200)));
		long postId = ready.path("post_id").asLong();

		Reply liked = post(fan, "/v1/posts/" + postId + "/like");
		Reply read = get(fan, "/v1/posts/" + postId);

		assertThat(liked.status()).isEqualTo(200);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("likes_count").asLong()).isEqualTo(1);
		assertThat(read.json().path("liked_by_me").asBoolean()).isTrue();
		assertThat(read.json().path("username").asString()).isEqualTo("user" + author);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NoRedis {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			// Nothing listens on port 1: every Redis call fails at once.
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
		}

	}

}
