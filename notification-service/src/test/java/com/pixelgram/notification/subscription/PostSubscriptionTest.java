package com.pixelgram.notification.subscription;

import com.pixelgram.notification.NotificationServiceTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PostSubscriptionTest extends NotificationServiceTest {

	@Test
	void turningPostNotificationsOnAndOffIsIdempotent() {
		long author = user("author");
		long fan = user("fan");
		String path = "/v1/users/" + author + "/post-notifications";

		JsonNode on = api().put(path, "{\"enabled\": true}", token(fan)).assertStatus(200);
		api().put(path, "{\"enabled\": true}", token(fan)).assertStatus(200);

		assertThat(on.path("user_id").asString()).isEqualTo(Long.toString(author));
		assertThat(on.path("enabled").asBoolean()).isTrue();
		assertThat(api().get(path, token(fan)).assertStatus(200).path("enabled").asBoolean()).isTrue();
		assertThat(subscriberRows(author)).isEqualTo(1);

		api().put(path, "{\"enabled\": false}", token(fan)).assertStatus(200);
		api().put(path, "{\"enabled\": false}", token(fan)).assertStatus(200);

		assertThat(api().get(path, token(fan)).assertStatus(200).path("enabled").asBoolean()).isFalse();
		assertThat(subscriberRows(author)).isZero();
	}

	@Test
	void refusesToSubscribeToYourself() {
		long me = user("self");

		api().put("/v1/users/" + me + "/post-notifications", "{\"enabled\": true}", token(me))
			.assertProblem(400, "validation");
	}

	@Test
	void refusesABodyWithoutEnabled() {
		long author = user("author");

		JsonNode problem = api().put("/v1/users/" + author + "/post-notifications", "{}", token(user("fan")))
			.assertProblem(400, "validation");

		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("enabled");
	}

	@Test
	void answersNotFoundForAnAuthorIdOfNoShardOfOurs() {
		long unknown = new com.pixelgram.id.IdGenerator().nextId(100);

		api().put("/v1/users/" + unknown + "/post-notifications", "{\"enabled\": true}", token(user("fan")))
			.assertProblem(404, "not-found");
	}

	private long subscriberRows(long author) {
		return this.shards.read(this.shards.shardOf(author),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM post_subscription WHERE author_id = :author")
					.param("author", author)
					.query(Long.class)
					.single());
	}

}
