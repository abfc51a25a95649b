package com.pixelgram.e2e;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mentions through the gateway: an {@code @username} in a caption or a comment comes back
 * as a mention with its offsets, and the person named gets a MENTION notification; a
 * private account's mention tells a non-follower who mentioned them, not what.
 */
@ExtendWith(PixelgramStack.class)
class MentionJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	@Test
	void aMentionInACaptionOrACommentNotifiesThePersonNamed() throws IOException {
		Journeys.Account ada = Journeys.register(api, "ada");
		Journeys.Account bo = Journeys.register(api, "bo");
		String caption = "Sunset with @" + bo.username() + " and @nobody_" + bo.id();

		String post = Journeys.uploadAndAwaitReady(api, ada, caption);

		JsonNode mentions = api.get("/v1/posts/" + post, bo.accessToken()).json().path("mentions");
		assertThat(mentions).hasSize(1);
		assertThat(mentions.get(0).path("user_id").asString()).isEqualTo(bo.id());
		assertThat(mentions.get(0).path("username").asString()).isEqualTo(bo.username());
		assertThat(caption.substring(mentions.get(0).path("start").asInt(), mentions.get(0).path("end").asInt()))
			.isEqualTo("@" + bo.username());
		JsonNode toBo = awaitMention(bo, ada);
		assertThat(toBo.path("post").path("post_id").asString()).isEqualTo(post);
		assertThat(toBo.path("post").path("thumbnail_url").asString()).startsWith("http");

		Api.Reply comment = api.post("/v1/posts/" + post + "/comments",
				"{\"text\":\"thanks @" + ada.username() + "!\"}", bo.accessToken());
		assertThat(comment.status()).as(comment.toString()).isEqualTo(201);
		assertThat(comment.json().path("mentions").get(0).path("user_id").asString()).isEqualTo(ada.id());
		JsonNode toAda = awaitMention(ada, bo);
		assertThat(toAda.path("comment_text").asString()).isEqualTo("thanks @" + ada.username() + "!");
	}

	@Test
	void aPrivateAccountsMentionTellsANonFollowerWhoButNotWhat() throws IOException {
		Journeys.Account cy = Journeys.register(api, "cy");
		Journeys.Account di = Journeys.register(api, "di");
		Api.Reply privacy = api.put("/v1/users/" + cy.id(), "{\"is_private\": true}", cy.accessToken());
		assertThat(privacy.status()).as(privacy.toString()).isEqualTo(200);

		String post = Journeys.uploadAndAwaitReady(api, cy, "only for my followers, sorry @" + di.username());

		JsonNode toDi = awaitMention(di, cy);
		assertThat(toDi.path("post").path("post_id").asString()).isEqualTo(post);
		assertThat(toDi.path("post").path("thumbnail_url").isMissingNode()
				|| toDi.path("post").path("thumbnail_url").isNull())
			.as("no thumbnail of a post the mentioned user may not see: %s", toDi)
			.isTrue();
		assertThat(toDi.toString()).doesNotContain("only for my followers");
		Api.Reply seen = api.get("/v1/posts/" + post, di.accessToken());
		assertThat(seen.status()).as(seen.toString()).isEqualTo(404);
	}

	/** The MENTION notification of the recipient from the actor, once it came. */
	private static JsonNode awaitMention(Journeys.Account recipient, Journeys.Account actor) {
		return await().atMost(ASYNC).pollInterval(Duration.ofMillis(200)).until(() -> {
			Api.Reply list = api.get("/v1/notifications?limit=50", recipient.accessToken());
			assertThat(list.status()).as(list.toString()).isEqualTo(200);
			for (JsonNode item : list.json().path("notifications")) {
				if ("MENTION".equals(item.path("type").asString())
						&& actor.id().equals(item.path("actor").path("user_id").asString())) {
					return item;
				}
			}
			return null;
		}, (item) -> item != null);
	}

}
