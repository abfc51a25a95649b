package com.pixelgram.post.media;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.endpoints.CloudFrontEndpointProvider;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link CloudFrontCdnInvalidator} against a stand-in for CloudFront's REST API (the
 * SDK's endpoint override), with the client {@link CdnConfiguration} builds: what
 * CloudFront is sent, and what becomes of throttling and 5xx answers.
 */
class CloudFrontCdnInvalidatorTest {

	static final WireMockServer cloudFront = start();

	static final String DISTRIBUTION = "E2QWRUHEXAMPLE";

	static final String PATH = "/2020-05-31/distribution/" + DISTRIBUTION + "/invalidation";

	static final String MEDIA_KEY = "9f86d081884c7d65/7311520563200001";

	static final List<String> PATHS = List.of("/r/" + MEDIA_KEY + "/*");

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	CloudFrontClient client;

	CloudFrontCdnInvalidator invalidator;

	static WireMockServer start() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		return server;
	}

	@BeforeEach
	void connect() {
		MediaProperties.Invalidation invalidation = new MediaProperties.Invalidation(
				MediaProperties.Invalidation.Provider.CLOUDFRONT, DISTRIBUTION, "us-east-1",
				URI.create(cloudFront.baseUrl()), 3, Duration.ofSeconds(20));
		this.client = CdnConfiguration.cloudFrontClient(invalidation,
				StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "cdn-test-secret")));
		this.invalidator = new CloudFrontCdnInvalidator(this.client, DISTRIBUTION, this.meters);
	}

	@AfterEach
	void reset() {
		this.client.close();
		cloudFront.resetAll();
	}

	@AfterAll
	static void stop() {
		cloudFront.stop();
	}

	@Test
	void createsOneSignedInvalidationOfThePostsPathsWithACallerReferenceOfItsMediaKey() throws Exception {
		cloudFront.stubFor(post(urlPathEqualTo(PATH)).willReturn(created("I2J0I21PCUYOIK")));
		List<String> paths = List.of("/r/" + MEDIA_KEY + "/1080.jpg", "/r/" + MEDIA_KEY + "/150.jpg");

		this.invalidator.invalidate(MEDIA_KEY, paths);

		List<LoggedRequest> requests = cloudFront.findAll(postRequestedFor(urlPathEqualTo(PATH)));
		assertThat(requests).hasSize(1);
		LoggedRequest request = requests.get(0);
		assertThat(request.getUrl()).isEqualTo("/2020-05-31/distribution/E2QWRUHEXAMPLE/invalidation");
		// SigV4, for us-east-1 also through a custom endpoint
		assertThat(request.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
			.contains("/us-east-1/cloudfront/aws4_request")
			.contains("SignedHeaders=")
			.contains("Signature=");
		assertThat(request.getHeader("X-Amz-Date")).isNotBlank();
		Document batch = xml(request.getBodyAsString());
		assertThat(batch.getDocumentElement().getLocalName()).isEqualTo("InvalidationBatch");
		assertThat(text(batch, "CallerReference")).containsExactly("pixelgram-media-9f86d081884c7d65-7311520563200001");
		assertThat(text(batch, "Quantity")).containsExactly("2");
		assertThat(text(batch, "Path")).containsExactlyElementsOf(paths);
		assertThat(counted("created")).isEqualTo(1);
		assertThat(counted("failed")).isZero();
	}

	@Test
	void aRetriedDeletionSendsTheSameCallerReference() throws Exception {
		cloudFront.stubFor(post(urlPathEqualTo(PATH)).willReturn(created("I2J0I21PCUYOIK")));

		this.invalidator.invalidate(MEDIA_KEY, PATHS);
		this.invalidator.invalidate(MEDIA_KEY, PATHS);
		this.invalidator.invalidate("0123456789abcdef/7311520563200002",
				List.of("/r/0123456789abcdef/7311520563200002/*"));

		List<String> references = new ArrayList<>();
		for (LoggedRequest request : cloudFront.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
			references.addAll(text(xml(request.getBodyAsString()), "CallerReference"));
		}
		assertThat(references).containsExactly("pixelgram-media-9f86d081884c7d65-7311520563200001",
				"pixelgram-media-9f86d081884c7d65-7311520563200001",
				"pixelgram-media-0123456789abcdef-7311520563200002");
	}

	@Test
	void retriesAThrottledInvalidationWithBackOff() {
		cloudFront.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(error(400, "Throttling", "Rate exceeded"))
			.willSetStateTo("once"));
		cloudFront.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled")
			.whenScenarioStateIs("once")
			.willReturn(error(503, "ServiceUnavailable", "CloudFront is busy"))
			.willSetStateTo("twice"));
		cloudFront.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled")
			.whenScenarioStateIs("twice")
			.willReturn(created("I3K1J32QDVZPJL")));

		this.invalidator.invalidate(MEDIA_KEY, PATHS);

		assertThat(cloudFront.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(3);
		assertThat(counted("created")).isEqualTo(1);
		assertThat(counted("failed")).isZero();
	}

	@Test
	void anInvalidationStillFailingAfterItsRetriesIsCountedAndThrownForTheDeletionsRetry() {
		cloudFront.stubFor(
				post(urlPathEqualTo(PATH)).willReturn(error(500, "InternalError", "We encountered an internal error")));

		assertThatExceptionOfType(SdkException.class).isThrownBy(() -> this.invalidator.invalidate(MEDIA_KEY, PATHS));

		assertThat(cloudFront.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(3);
		assertThat(counted("failed")).isEqualTo(1);
		assertThat(counted("created")).isZero();
	}

	@Test
	void aRefusedInvalidationIsNotRetriedByTheClient() {
		cloudFront.stubFor(post(urlPathEqualTo(PATH))
			.willReturn(error(404, "NoSuchDistribution", "The specified distribution does not exist.")));

		assertThatExceptionOfType(NoSuchDistributionException.class)
			.isThrownBy(() -> this.invalidator.invalidate(MEDIA_KEY, PATHS))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(404));

		assertThat(cloudFront.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(1);
		assertThat(counted("failed")).isEqualTo(1);
	}

	@Test
	void theDefaultRegionReachesCloudFrontsGlobalEndpointOnAws() throws Exception {
		URI endpoint = CloudFrontEndpointProvider.defaultProvider()
			.resolveEndpoint((parameters) -> parameters.region(Region.US_EAST_1))
			.get()
			.url();

		assertThat(endpoint).hasToString("https://cloudfront.amazonaws.com");
	}

	private double counted(String outcome) {
		return this.meters.get(CloudFrontCdnInvalidator.INVALIDATIONS).tag("outcome", outcome).counter().count();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String id) {
		return aResponse().withStatus(201)
			.withHeader("Content-Type", "text/xml")
			.withHeader("Location", "https://cloudfront.amazonaws.com" + PATH + "/" + id)
			.withBody("""
					<?xml version="1.0" encoding="UTF-8"?>
					<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
					  <Id>%s</Id><Status>InProgress</Status><CreateTime>2026-12-07T15:00:00Z</CreateTime>
					  <InvalidationBatch>
					    <Paths><Quantity>1</Quantity><Items><Path>/r/x/*</Path></Items></Paths>
					    <CallerReference>pixelgram-media-x</CallerReference>
					  </InvalidationBatch>
					</Invalidation>""".formatted(id).strip());
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String code,
			String message) {
		return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody("""
				<?xml version="1.0" encoding="UTF-8"?>
				<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
				  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
				  <RequestId>5b1fd6a2-0000-4a5e-8c46-000000000000</RequestId>
				</ErrorResponse>""".formatted(code, message).strip());
	}

	private static Document xml(String body) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		return factory.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
	}

	private static List<String> text(Document document, String element) {
		NodeList nodes = document.getElementsByTagNameNS("*", element);
		List<String> values = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			values.add(nodes.item(i).getTextContent());
		}
		return values;
	}

}
