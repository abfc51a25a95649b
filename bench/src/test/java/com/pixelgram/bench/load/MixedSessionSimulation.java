package com.pixelgram.bench.load;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A mobile app's session: open the home feed, open a post from it, like it now and then,
 * look at its author's profile, check the notification badge, scroll to page 2, with a
 * short think time between screens.
 */
public class MixedSessionSimulation extends Simulation {

	private static final Duration THINK_MIN = Duration.ofMillis(100);

	private static final Duration THINK_MAX = Duration.ofMillis(400);

	ScenarioBuilder session = scenario("mobile session").feed(LoadSettings.file("bench.viewers"))
		.exec(http("GET /v1/feed").get("/v1/feed?limit=20")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(200), jsonPath("$.posts[0].post_id").optional().saveAs("post_id"),
					jsonPath("$.posts[0].author.user_id").optional().saveAs("author_id")))
		.exec(pause(THINK_MIN, THINK_MAX))
		.exec(doIf("#{post_id.exists()}").then(http("GET /v1/posts/{id}").get("/v1/posts/#{post_id}")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(200))))
		.exec(doIf("#{post_id.exists()}").then(randomSwitch().on(io.gatling.javaapi.core.CoreDsl.percent(30)
			.then(http("POST /v1/posts/{id}/like").post("/v1/posts/#{post_id}/like")
				.header("Authorization", "Bearer #{token}")
				.check(status().in(200, 201, 204))))))
		.exec(pause(THINK_MIN, THINK_MAX))
		.exec(doIf("#{author_id.exists()}").then(http("GET /v1/users/{id}").get("/v1/users/#{author_id}")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(200))))
		.exec(http("GET /v1/notifications/unread-count").get("/v1/notifications/unread-count")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(200)))
		.exec(pause(THINK_MIN, THINK_MAX))
		.exec(http("GET /v1/feed?page=2").get("/v1/feed?page=2&limit=20")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(200)));

	{
		setUp(this.session.injectClosed(LoadSettings.load(64))).protocols(LoadSettings.protocol());
	}

}
