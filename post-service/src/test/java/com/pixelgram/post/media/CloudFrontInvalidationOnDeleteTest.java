package com.pixelgram.post.media;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

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

	@Autowired
	S3Client s3;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

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

	@Test
	void deletingACarouselRemovesEveryPhotosObjectsAndInvalidatesEachPhotosRenditions() {
		long author = newUser();
		Carousel carousel = readyCarousel(author);

		Reply deleted = delete(author, "/v1/posts/" + carousel.postId());

		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
		assertPurged(carousel);
	}

	@Test
	void erasingAnAccountRemovesEveryPhotoOfItsCarouselAndInvalidatesEachPhotosRenditions() {
		long author = newUser();
		Carousel carousel = readyCarousel(author);

		send(new UserDeleted(author, Instant.now()));

		assertPurged(carousel);
		assertThat(get(newUser(), "/v1/posts/" + carousel.postId()).status()).isEqualTo(404);
	}

	/**
	 * A READY post of three photos, with CloudFront stood in for to take its
	 * invalidation.
	 */
	private Carousel readyCarousel(long author) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		for (int width : new int[] { 120, 140, 160 }) {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.IMAGE_PNG);
			headers.setContentDispositionFormData("images", "p" + width + ".png");
			parts.add("images",
					new HttpEntity<>(new ByteArrayResource(TestImages.png(TestImages.photo(width, 100))), headers));
		}
		Reply accepted = Reply.of(client().post()
			.uri("/v1/posts")
			.header(HttpHeaders.AUTHORIZATION, bearer(author))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(parts));
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		long postId = accepted.json().path("post_id").asLong();
		JsonNode ready = awaitStatus(author, postId, "READY");
		List<String> photoKeys = new ArrayList<>();
		ready.path("media").forEach((photo) -> {
			String url = photo.path("image_url").asString();
			String path = url.substring(url.indexOf("/r/") + 3);
			photoKeys.add(path.substring(0, path.lastIndexOf('/')));
		});
		assertThat(photoKeys).hasSize(3);
		photoKeys.forEach((photoKey) -> assertThat(objectKeys(photoKey)).hasSize(5));
		String callerReference = CloudFrontCdnInvalidator.callerReference(photoKeys.get(0));
		cloudFront.stubFor(WireMock.post(urlPathEqualTo(PATH))
			.withRequestBody(containing(callerReference))
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "text/xml")
				.withBody("<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I2</Id>"
						+ "<Status>InProgress</Status><CreateTime>2026-12-07T15:00:00Z</CreateTime></Invalidation>")));
		return new Carousel(postId, photoKeys, callerReference);
	}

	/** Every photo's objects gone from the bucket and its renditions invalidated. */
	private void assertPurged(Carousel carousel) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			carousel.photoKeys().forEach((photoKey) -> assertThat(objectKeys(photoKey)).as(photoKey).isEmpty());
			assertThat(purgeJobs(carousel.postId())).isZero();
		});
		List<LoggedRequest> invalidations = cloudFront
			.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(carousel.callerReference())));
		assertThat(invalidations).hasSize(1);
		String body = invalidations.get(0).getBodyAsString();
		assertThat(body).contains("<Quantity>3</Quantity>");
		carousel.photoKeys().forEach((photoKey) -> assertThat(body).contains("<Path>/r/" + photoKey + "/*</Path>"));
	}

	/** A photo's original and renditions in the bucket. */
	private List<String> objectKeys(String photoKey) {
		List<String> keys = new ArrayList<>();
		for (String prefix : List.of("originals/" + photoKey, "r/" + photoKey + "/")) {
			this.s3.listObjectsV2((request) -> request.bucket(BUCKET).prefix(prefix))
				.contents()
				.stream()
				// the first photo's original key is a prefix of the others'
				.filter((object) -> object.key().equals("originals/" + photoKey) || object.key().startsWith("r/"))
				.forEach((object) -> keys.add(object.key()));
		}
		return keys;
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		String body = this.codec.encode(UUID.randomUUID(), Instant.now(), event);
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	private record Carousel(long postId, List<String> photoKeys, String callerReference) {

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
