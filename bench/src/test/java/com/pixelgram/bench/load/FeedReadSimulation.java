package com.pixelgram.bench.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** Home feed refreshes: page 1 of {@code GET /v1/feed} as the seeded viewers. */
public class FeedReadSimulation extends Simulation {

	ScenarioBuilder feedReads = scenario("feed reads").feed(LoadSettings.file("bench.viewers"))
		.exec(http("GET /v1/feed").get("/v1/feed?limit=20")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(200)));

	{
		setUp(this.feedReads.injectClosed(LoadSettings.load(64))).protocols(LoadSettings.protocol());
	}

}
