package com.pixelgram.bench.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Likes and unlikes of seeded posts by seeded accounts: each like writes the like, its
 * count and an outbox event in the post's shard.
 */
public class LikeSimulation extends Simulation {

	ScenarioBuilder likes = scenario("likes").feed(LoadSettings.file("bench.accounts"))
		.feed(LoadSettings.file("bench.posts"))
		.exec(http("POST /v1/posts/{id}/like").post("/v1/posts/#{post_id}/like")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 201, 204)))
		.exec(http("DELETE /v1/posts/{id}/like").delete("/v1/posts/#{post_id}/like")
			.header("Authorization", "Bearer #{token}")
			.check(status().in(200, 204)));

	{
		setUp(this.likes.injectClosed(LoadSettings.load(32))).protocols(LoadSettings.protocol());
	}

}
