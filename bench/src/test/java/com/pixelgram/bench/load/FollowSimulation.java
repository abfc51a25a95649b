package com.pixelgram.bench.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Follows and unfollows between seeded accounts: each writes both sides of the edge (two
 * shards), the counts and an outbox event.
 */
public class FollowSimulation extends Simulation {

	ScenarioBuilder follows = scenario("follows").feed(LoadSettings.file("bench.accounts"))
		.feed(LoadSettings.file("bench.users"))
		.exec(http("POST /v1/users/{id}/follow").post("/v1/users/#{user_id}/follow")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 201, 204)))
		.exec(http("DELETE /v1/users/{id}/follow").delete("/v1/users/#{user_id}/follow")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 204)));

	{
		setUp(this.follows.injectClosed(LoadSettings.load(32))).protocols(LoadSettings.protocol());
	}

}
