package com.pixelgram.post.media;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service with CloudFront invalidation on (a stand-in for CloudFront's API): deleting
 * a post answers at once while CloudFront fails, and the post's purge job invalidates its
 * renditions once CloudFront takes it, with the same CallerReference on every try.
 */
@TestPropertySource(properties = { "pixelgram.media.cdn.invalidation.provider=cloudfront",
		"pixelgram.media.cdn.invalidation.distribution-id=" + CloudFrontInvalidationOnDeleteTest.DISTRIBUTION,
		"pixelgram.media.cdn.invalidation.max-attempts=1" })
class CloudFrontInvalidationOnDeleteTest extends PostIntegrationTest {

	static final String DISTRIBUTION = "E2QWRUHEXAMPLE";

	static final String PATH = "/2020-05-31/distribution/" + DISTRIBUTION + "/invalidation";

	static final WireMockServer cloudFront = start();

	@Autowired
	MeterRegistry meters;

	static WireMockServer start() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		return server;
	}

	@DynamicPropertySource
	static void cloudFrontEndpoint(DynamicPropertyRegistry registry) {
		registry.add("pixelgram.media.cdn.invalidation.endpoint", cloudFront::baseUrl);
	}

	@AfterAll
	static void stop() {
		cloudFront.stop();
	}

	@Test
	void aDeletionAnswersAtOnceAndItsInvalidationIsRetriedUntilCloudFrontTakesIt() {
		long author = newUser();
		JsonNode ready = uploadReady(author, TestImages.png(TestImages.photo(200, 150)));
		long postId = ready.path("post_id").asLong();
		String imageUrl = ready.path("image_url").asString();
		String path = imageUrl.substring(imageUrl.indexOf("/r/"));
		String mediaKey = path.substring(3, path.lastIndexOf('/'));
		String callerReference = CloudFrontCdnInvalidator.callerReference(mediaKey);
		// CloudFront is down for the first two tries of this post's invalidation
		cloudFront.stubFor(WireMock.post(urlPathEqualTo(PATH))
			.withRequestBody(containing(callerReference))
			.inScenario(mediaKey)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("second"));
		cloudFront.stubFor(WireMock.post(urlPathEqualTo(PATH))
			.withRequestBody(containing(callerReference))
			.inScenario(mediaKey)
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		cloudFront.stubFor(WireMock.post(urlPathEqualTo(PATH))
			.withRequestBody(containing(callerReference))
			.inScenario(mediaKey)
			.whenScenarioStateIs("up")
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "text/xml")
				.withBody("<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I1</Id>"
						+ "<Status>InProgress</Status><CreateTime>2026-12-07T15:00:00Z</CreateTime></Invalidation>")));
		double failedBefore = counted("failed");

		Reply deleted = delete(author, "/v1/posts/" + postId);

		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(cloudFront
				.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(callerReference))))
				.hasSize(3));
		List<String> bodies = cloudFront
			.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(callerReference)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.toList();
		assertThat(bodies).allSatisfy(
				(body) -> assertThat(body).contains("<Path>" + path.substring(0, path.lastIndexOf('/')) + "/*</Path>")
					.contains("<CallerReference>" + callerReference + "</CallerReference>"));
		assertThat(counted("failed") - failedBefore).isGreaterThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(purgeJobs(postId)).isZero());
	}

	private double counted(String outcome) {
		return this.meters.get(CloudFrontCdnInvalidator.INVALIDATIONS).tag("outcome", outcome).counter().count();
	}

	private int purgeJobs(long postId) {
		return this.shards.write(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM media_job WHERE post_id = :id AND kind = 'PURGE'")
					.param("id", postId)
					.query(Integer.class)
					.single());
	}

}
