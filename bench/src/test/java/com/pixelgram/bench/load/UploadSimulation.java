package com.pixelgram.bench.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Photo uploads through the gateway: a 1080 × 1350 JPEG with a caption, each with its own
 * Idempotency-Key, answered 202 once the original is stored (renditions follow in the
 * background, on the same cores).
 */
public class UploadSimulation extends Simulation {

	ScenarioBuilder uploads = scenario("uploads").feed(LoadSettings.file("bench.accounts"))
		.exec(http("POST /v1/posts").post("/v1/posts")
			.header("Authorization", "Bearer #{token}")
			.header("Idempotency-Key", "#{randomUuid()}")
			.formParam("caption", "Load test upload")
			.formParam("location", "Lisbon")
			.formUpload("image", System.getProperty("bench.photo"))
			.check(status().is(202), jsonPath("$.upload_status").is("PROCESSING")));

	{
		setUp(this.uploads.injectClosed(LoadSettings.load(8))).protocols(LoadSettings.protocol());
	}

}
