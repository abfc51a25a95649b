package com.pixelgram.notification.subscription;

import com.pixelgram.notification.NotificationIntegrationTest;
import com.pixelgram.notification.support.HttpReply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PostSubscriptionTest extends NotificationIntegrationTest {

	@Test
	void turningPostNotificationsOnAndOffIsIdempotent() {
		long author = user("author");
		long fan = user("fan");
		SERVICES.follow(fan, author);
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
	void refusesToTurnPostNotificationsOnForAnAuthorTheCallerDoesNotFollow() {
		long author = user("unfollowed-author");
		long stranger = user("stranger");
		String path = "/v1/users/" + author + "/post-notifications";

		JsonNode problem = api().put(path, "{\"enabled\": true}", token(stranger)).assertProblem(409, "conflict");

		assertThat(problem.path("detail").asString()).contains("Follow");
		assertThat(api().get(path, token(stranger)).assertStatus(200).path("enabled").asBoolean()).isFalse();
		assertThat(subscriberRows(author)).isZero();
	}

	@Test
	void turningPostNotificationsOffNeedsNoFollow() {
		long author = user("someone");
		long stranger = user("never-followed");
		String path = "/v1/users/" + author + "/post-notifications";

		JsonNode off = api().put(path, "{\"enabled\": false}", token(stranger)).assertStatus(200);
		api().put(path, "{\"enabled\": false}", token(stranger)).assertStatus(200);

		assertThat(off.path("enabled").asBoolean()).isFalse();
	}

	@Test
	void answersServiceUnavailableWhenTheFollowCannotBeChecked() {
		long author = user("unreachable");
		long fan = user("hopeful");
		SERVICES.follow(fan, author);
		HttpReply reply;

		SERVICES.down(true);
		try {
			reply = api().put("/v1/users/" + author + "/post-notifications", "{\"enabled\": true}", token(fan));
		}
		finally {
			SERVICES.down(false);
		}

		reply.assertProblem(503, "service-unavailable");
		assertThat(reply.headers().getFirst("Retry-After")).isEqualTo("5");
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
