package com.pixelgram.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports and moderation through the gateway: a reported post is taken down by the
 * moderator the stack is configured with ({@link PixelgramStack#MODERATOR}) and is gone
 * for everyone; a reported user is suspended, cannot log in, has no profile, and their
 * post leaves a follower's feed; the owner of a private account is told of a request to
 * follow them.
 */
@ExtendWith(PixelgramStack.class)
class ModerationJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	@Test
	void aModeratorTakesAReportedPostDownAndSuspendsAReportedUser() throws IOException {
		Journeys.Account moderator = moderator();
		Journeys.Account amy = Journeys.register(api, "amy");
		Journeys.Account ben = Journeys.register(api, "ben");
		Journeys.Account cal = Journeys.register(api, "cal");
		Journeys.Account dee = Journeys.register(api, "dee");
		String amys = Journeys.uploadAndAwaitReady(api, amy, "amy's photo");

		Api.Reply report = await().atMost(ASYNC)
			.until(() -> report(ben, "post", amys, "spam"), (reply) -> reply.status() != 404);
		assertThat(report.status()).as(report.toString()).isEqualTo(201);
		assertThat(report.json().path("status").asString()).isEqualTo("OPEN");
		String reportId = report.json().path("id").asString();
		assertThat(report(ben, "post", amys, "spam").json().path("id").asString()).as("the same open report")
			.isEqualTo(reportId);

		assertProblem(api.get("/v1/moderation/reports?status=open", ben.accessToken()), 403);
		assertProblem(resolve(ben, reportId, "take_down"), 403);
		assertThat(openReports(moderator)).contains(reportId);
		Api.Reply takenDown = resolve(moderator, reportId, "take_down");
		assertThat(takenDown.status()).as(takenDown.toString()).isEqualTo(200);
		assertThat(takenDown.json().path("status").asString()).isEqualTo("RESOLVED");
		assertThat(openReports(moderator)).doesNotContain(reportId);
		await().atMost(ASYNC).untilAsserted(() -> {
			assertProblem(api.get("/v1/posts/" + amys, ben.accessToken()), 404);
			assertProblem(api.get("/v1/posts/" + amys, amy.accessToken()), 404);
		});

		follow(dee, cal);
		String cals = Journeys.uploadAndAwaitReady(api, cal, "cal's photo");
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(dee)).contains(cals));
		Api.Reply userReport = report(ben, "user", cal.id(), "harassment");
		assertThat(userReport.status()).as(userReport.toString()).isEqualTo(201);
		Api.Reply suspended = resolve(moderator, userReport.json().path("id").asString(), "suspend");
		assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

		assertProblem(
				api.post("/v1/auth/login",
						"{\"username\":\"" + cal.username() + "\",\"password\":\"" + cal.password() + "\"}", null),
				401);
		assertProblem(api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + cal.refreshToken() + "\"}", null), 401);
		// the access token cal already holds stops working within seconds, not at its
		// expiry
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Api.Reply me = api.get("/v1/users/me", cal.accessToken());
			assertThat(me.status()).as(me.toString()).isEqualTo(401);
			assertThat(me.json().path("type").asString()).endsWith("/account-suspended");
		});
		assertProblem(api.get("/v1/users/" + cal.id(), dee.accessToken()), 404);
		await().atMost(ASYNC).untilAsserted(() -> {
			assertThat(feedOf(dee)).doesNotContain(cals);
			assertProblem(api.get("/v1/posts/" + cals, dee.accessToken()), 404);
		});
	}

	@Test
	void theOwnerOfAPrivateAccountIsToldOfARequestToFollowThem() {
		Journeys.Account eve = Journeys.register(api, "eve");
		Journeys.Account fay = Journeys.register(api, "fay");
		Api.Reply update = api.put("/v1/users/" + eve.id(), "{\"is_private\":true}", eve.accessToken());
		assertThat(update.status()).as(update.toString()).isEqualTo(200);

		Api.Reply request = api.post("/v1/users/" + eve.id() + "/follow", "", fay.accessToken());
		assertThat(request.status()).as(request.toString()).isEqualTo(200);
		assertThat(request.json().path("status").asString()).isEqualTo("requested");

		await().atMost(ASYNC).untilAsserted(() -> {
			Api.Reply list = api.get("/v1/notifications?limit=100", eve.accessToken());
			assertThat(list.status()).as(list.toString()).isEqualTo(200);
			List<String> requests = new ArrayList<>();
			list.json().path("notifications").forEach((item) -> {
				if ("FOLLOW_REQUEST".equals(item.path("type").asString())) {
					requests.add(item.path("actor").path("user_id").asString());
				}
			});
			assertThat(requests).containsExactly(fay.id());
		});
	}

	/** The moderator of the stack's configuration, registered at first use, logged in. */
	private static synchronized Journeys.Account moderator() {
		String password = "pw-moderator-" + PixelgramStack.MODERATOR;
		api.post("/v1/auth/register",
				"{\"username\":\"" + PixelgramStack.MODERATOR + "\",\"email\":\"" + PixelgramStack.MODERATOR + "-"
						+ UUID.randomUUID() + "@example.com\",\"password\":\"" + password + "\"}",
				null);
		Api.Reply login = api.post("/v1/auth/login",
				"{\"username\":\"" + PixelgramStack.MODERATOR + "\",\"password\":\"" + password + "\"}", null);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		JsonNode body = login.json();
		return new Journeys.Account(body.path("user").path("user_id").asString(), PixelgramStack.MODERATOR, password,
				body.path("access_token").asString(), body.path("refresh_token").asString());
	}

	private static Api.Reply report(Journeys.Account reporter, String type, String targetId, String reason) {
		return api.post("/v1/reports",
				"{\"target_type\":\"" + type + "\",\"target_id\":\"" + targetId + "\",\"reason\":\"" + reason + "\"}",
				reporter.accessToken());
	}

	private static Api.Reply resolve(Journeys.Account moderator, String reportId, String action) {
		return api.post("/v1/moderation/reports/" + reportId + "/resolve", "{\"action\":\"" + action + "\"}",
				moderator.accessToken());
	}

	private static List<String> openReports(Journeys.Account moderator) {
		Api.Reply list = api.get("/v1/moderation/reports?status=open&limit=100", moderator.accessToken());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		list.json().path("reports").forEach((report) -> ids.add(report.path("id").asString()));
		return ids;
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

}
