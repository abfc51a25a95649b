package com.pixelgram.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocks and mutes through the gateway, as an app uses them: a block takes a post already
 * in the blocker's feed out of their next read and makes each invisible to the other; a
 * mute takes the muted user's posts out of the muter's feed and their likes out of the
 * muter's notifications, and nothing else changes; a private account's posts reach only
 * the followers it approved.
 */
@ExtendWith(PixelgramStack.class)
class SafetyJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	@Test
	void aBlockTakesAPostAlreadyInTheFeedOutOfTheNextReadAndHidesEachFromTheOther() throws IOException {
		Journeys.Account erin = Journeys.register(api, "erin");
		Journeys.Account frank = Journeys.register(api, "frank");
		follow(erin, frank);
		follow(frank, erin);
		String post = uploadAndAwaitReady(frank, "before the block");
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(erin)).contains(post));

		Api.Reply block = api.post("/v1/users/" + frank.id() + "/block", "", erin.accessToken());
		assertThat(block.status()).as(block.toString()).isEqualTo(200);
		assertThat(block.json().path("blocking").asBoolean()).isTrue();
		assertThat(api.post("/v1/users/" + frank.id() + "/block", "", erin.accessToken()).status())
			.as("blocking again changes nothing")
			.isEqualTo(200);

		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(erin)).doesNotContain(post));
		await().atMost(ASYNC).untilAsserted(() -> assertProblem(api.get("/v1/posts/" + post, erin.accessToken()), 404));
		assertProblem(api.post("/v1/posts/" + post + "/like", "", erin.accessToken()), 404);
		assertProblem(api.get("/v1/users/" + frank.id() + "/posts", erin.accessToken()), 404);
		assertProblem(api.post("/v1/posts/" + post + "/comments", "{\"text\":\"hi\"}", erin.accessToken()), 404);
		assertProblem(api.get("/v1/users/" + frank.id(), erin.accessToken()), 404);
		assertProblem(api.get("/v1/users/" + erin.id(), frank.accessToken()), 404);
		assertProblem(api.post("/v1/users/" + erin.id() + "/follow", "", frank.accessToken()), 404);
		assertThat(userIds(api.get("/v1/users/" + erin.id() + "/following", erin.accessToken()), "following"))
			.doesNotContain(frank.id());
		assertThat(userIds(api.get("/v1/users/search?q=" + encode(frank.username()), erin.accessToken()), "users"))
			.doesNotContain(frank.id());
		assertThat(userIds(api.get("/v1/users/search?q=" + encode(erin.username()), frank.accessToken()), "users"))
			.doesNotContain(erin.id());
		assertThat(userIds(api.get("/v1/users/me/blocks", erin.accessToken()), "blocks")).containsExactly(frank.id());

		Api.Reply unblock = api.delete("/v1/users/" + frank.id() + "/block", erin.accessToken());
		assertThat(unblock.status()).as(unblock.toString()).isEqualTo(200);
		assertThat(api.get("/v1/users/" + frank.id(), erin.accessToken()).status()).isEqualTo(200);
		await().atMost(ASYNC)
			.untilAsserted(() -> assertThat(api.get("/v1/posts/" + post, erin.accessToken()).status()).isEqualTo(200));
		assertThat(userIds(api.get("/v1/users/me/blocks", erin.accessToken()), "blocks")).isEmpty();
	}

	@Test
	void aMuteHidesTheMutedUsersPostsAndLikesFromTheMuterAlone() throws IOException {
		Journeys.Account gina = Journeys.register(api, "gina");
		Journeys.Account hank = Journeys.register(api, "hank");
		Journeys.Account ivy = Journeys.register(api, "ivy");
		follow(gina, hank);
		follow(hank, gina);
		String hanks = uploadAndAwaitReady(hank, "hank's photo");
		String ginas = uploadAndAwaitReady(gina, "gina's photo");
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(gina)).contains(hanks, ginas));

		Api.Reply mute = api.post("/v1/users/" + hank.id() + "/mute", "", gina.accessToken());
		assertThat(mute.status()).as(mute.toString()).isEqualTo(200);
		assertThat(mute.json().path("muting").asBoolean()).isTrue();

		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(gina)).doesNotContain(hanks).contains(ginas));
		assertThat(userIds(api.get("/v1/users/me/mutes", gina.accessToken()), "mutes")).containsExactly(hank.id());
		JsonNode seenByHank = api.get("/v1/users/" + gina.id(), hank.accessToken()).json();
		assertThat(seenByHank.path("is_following").asBoolean()).as("hank cannot tell").isTrue();
		assertThat(feedOf(hank)).contains(ginas);

		assertThat(api.post("/v1/posts/" + ginas + "/like", "", hank.accessToken()).status()).isEqualTo(200);
		assertThat(api.post("/v1/posts/" + ginas + "/like", "", ivy.accessToken()).status()).isEqualTo(200);
		await().atMost(ASYNC).untilAsserted(() -> assertThat(likers(gina)).contains(ivy.username()));
		assertThat(likers(gina)).doesNotContain(hank.username());

		assertThat(api.delete("/v1/users/" + hank.id() + "/mute", gina.accessToken()).status()).isEqualTo(200);
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(gina)).contains(hanks));
	}

	@Test
	void aPrivateAccountsPostsReachOnlyTheFollowersItApproved() throws IOException {
		Journeys.Account jane = Journeys.register(api, "jane");
		Journeys.Account kim = Journeys.register(api, "kim");
		Journeys.Account leo = Journeys.register(api, "leo");
		Api.Reply privacy = api.put("/v1/users/" + jane.id(), "{\"is_private\": true}", jane.accessToken());
		assertThat(privacy.status()).as(privacy.toString()).isEqualTo(200);
		assertThat(privacy.json().path("is_private").asBoolean()).isTrue();

		Api.Reply request = api.post("/v1/users/" + jane.id() + "/follow", "", kim.accessToken());
		assertThat(request.status()).as(request.toString()).isEqualTo(200);
		assertThat(request.json().path("status").asString()).isEqualTo("requested");
		api.post("/v1/users/" + jane.id() + "/follow", "", leo.accessToken());
		assertThat(userIds(api.get("/v1/follow-requests", jane.accessToken()), "follow_requests"))
			.containsExactlyInAnyOrder(kim.id(), leo.id());
		Api.Reply approval = api.post("/v1/follow-requests/" + kim.id() + "/approve", "", jane.accessToken());
		assertThat(approval.status()).as(approval.toString()).isEqualTo(200);
		assertThat(api.post("/v1/follow-requests/" + leo.id() + "/reject", "", jane.accessToken()).status())
			.isEqualTo(200);

		String post = uploadAndAwaitReady(jane, "for my followers");

		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(kim)).contains(post));
		assertThat(api.get("/v1/posts/" + post, kim.accessToken()).status()).isEqualTo(200);
		assertThat(feedOf(leo)).doesNotContain(post);
		assertProblem(api.get("/v1/posts/" + post, leo.accessToken()), 404);
		assertProblem(api.get("/v1/users/" + jane.id() + "/posts", leo.accessToken()), 403);
		assertThat(api.get("/v1/users/" + jane.id(), leo.accessToken()).json().path("is_private").asBoolean())
			.as("the profile stays visible")
			.isTrue();
	}

	private static void follow(Journeys.Account follower, Journeys.Account followee) {
		Api.Reply reply = api.post("/v1/users/" + followee.id() + "/follow", "", follower.accessToken());
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
	}

	private static void assertProblem(Api.Reply reply, int status) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
		assertThat(reply.isProblem()).as(reply.toString()).isTrue();
	}

	private static List<String> feedOf(Journeys.Account viewer) {
		Api.Reply feed = api.get("/v1/feed?limit=50", viewer.accessToken());
		assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		feed.json().path("posts").forEach((item) -> ids.add(item.path("post_id").asString()));
		return ids;
	}

	private static List<String> userIds(Api.Reply reply, String field) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		reply.json().path(field).forEach((user) -> ids.add(user.path("user_id").asString()));
		return ids;
	}

	/** The usernames of the likers named in the user's like notifications. */
	private static List<String> likers(Journeys.Account user) {
		List<String> names = new ArrayList<>();
		api.get("/v1/notifications?limit=100", user.accessToken()).json().path("notifications").forEach((item) -> {
			if ("LIKE".equals(item.path("type").asString())) {
				names.add(item.path("actor").path("username").asString());
				item.path("actors").forEach((actor) -> names.add(actor.path("username").asString()));
			}
		});
		return names;
	}

	private static String uploadAndAwaitReady(Journeys.Account author, String caption) throws IOException {
		return Journeys.uploadAndAwaitReady(api, author, caption);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
