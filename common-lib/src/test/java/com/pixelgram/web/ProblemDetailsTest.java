package com.pixelgram.web;

import com.pixelgram.testsupport.HttpReply;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
						+ "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration",
				"spring.jackson.property-naming-strategy=SNAKE_CASE", "spring.servlet.multipart.max-file-size=1KB",
				"pixelgram.security.public-paths=/**" })
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsTest {

	@LocalServerPort
	int port;

	RestClient http;

	@BeforeEach
	void client() {
		this.http = HttpReply.client(this.port);
	}

	@Test
	void rejectsInvalidBodyWithErrorsNamedAsTheClientNamesThem() {
		HttpReply reply = HttpReply.of(this.http.post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"full_name\": \" \", \"email_address\": \"not-an-email\", \"quantity\": 0}"));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(problem.path("instance").asString()).isEqualTo("/things");
		assertThat(fields(problem)).containsExactly("email_address", "full_name", "quantity");
		assertThat(problem.path("errors").get(1).path("message").asString()).isEqualTo("must not be blank");
	}

	@Test
	void rejectsMethodParameterViolations() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/search?q=ab&limit=500"));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(fields(problem)).containsExactly("limit");
	}

	@Test
	void rejectsParameterViolationsOfValidatedController() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/validated/feed?limit=500"));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(fields(problem)).containsExactly("limit");
	}

	@Test
	void rejectsMalformedJsonWithoutEchoingParserDetails() {
		HttpReply truncated = HttpReply.of(this.http.post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"full_name\": \"Ada\","));
		HttpReply wrongType = HttpReply.of(this.http.post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"full_name\": \"Ada\", \"email_address\": \"ada@example.com\", \"quantity\": \"many\"}"));

		for (HttpReply reply : List.of(truncated, wrongType)) {
			reply.assertProblem(400, "malformed-request");
			assertThat(reply.body()).doesNotContainIgnoringCase("jackson")
				.doesNotContain("NewThing", "com.pixelgram", "Exception", "line:", "many");
		}
	}

	@Test
	void refusesABodyPastTheParsersLimitsAsMalformed() {
		String longString = "{\"full_name\": \"" + "x".repeat(70_000) + "\"}";
		String deep = "{\"full_name\": \"Ada\", \"junk\": " + "[".repeat(100) + "]".repeat(100) + "}";
		String longNumber = "{\"full_name\": \"Ada\", \"quantity\": " + "9".repeat(200) + "}";

		for (String body : List.of(longString, deep, longNumber)) {
			HttpReply reply = HttpReply
				.of(this.http.post().uri("/things").contentType(MediaType.APPLICATION_JSON).body(body));

			JsonNode problem = reply.assertProblem(400, "malformed-request");
			assertThat(problem.path("detail").asString()).contains("exceeds a limit of the JSON parser");
			assertThat(reply.body()).doesNotContainIgnoringCase("jackson").doesNotContain("StreamReadConstraints");
		}
	}

	@Test
	void namesTheParameterOfTheWrongType() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/things/abc"));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(problem.path("detail").asString()).isEqualTo("Parameter 'id' must be a number.");
		assertThat(fields(problem)).containsExactly("id");
	}

	@Test
	void rejectsMissingRequiredParameter() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/search"));

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(fields(problem)).containsExactly("q");
	}

	@Test
	void answersUnknownRouteWithNotFound() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/nowhere/at/all"));

		JsonNode problem = reply.assertProblem(404, "not-found");
		assertThat(problem.path("instance").asString()).isEqualTo("/nowhere/at/all");
	}

	@Test
	void answersWrongMethodWithMethodNotAllowed() {
		HttpReply reply = HttpReply.of(this.http.delete().uri("/things/1"));

		reply.assertProblem(405, "method-not-allowed");
		assertThat(reply.headers().getAllow()).extracting(Object::toString).contains("GET");
	}

	@Test
	void answersUnsupportedContentType() {
		HttpReply reply = HttpReply
			.of(this.http.post().uri("/things").contentType(MediaType.TEXT_PLAIN).body("full_name=Ada"));

		reply.assertProblem(415, "unsupported-media-type");
	}

	@Test
	void answersAWildcardContentTypeWithUnsupportedMediaType() {
		for (String type : new String[] { "application/*", "*/*" }) {
			HttpReply reply = HttpReply
				.of(this.http.post().uri("/things").header(HttpHeaders.CONTENT_TYPE, type).body("{\"quantity\":1}"));

			reply.assertProblem(415, "unsupported-media-type");
		}
	}

	@Test
	void answersAQueryParameterThatIsNotUtf8WithMalformedRequest() {
		for (String value : new String[] { "%FF", "%C3%28", "%ED%A0%80" }) {
			HttpReply reply = HttpReply
				.of(this.http.get().uri(java.net.URI.create("http://127.0.0.1:" + this.port + "/search?q=" + value)));

			reply.assertProblem(400, "malformed-request");
		}
	}

	@Test
	void answersARequestTomcatRefusesItselfWithAProblemNotAnHtmlPage() throws Exception {
		// A path that is not UTF-8 once decoded and brackets in a query: refused by
		// Tomcat before any servlet runs.
		for (String target : new String[] { "/things/%FF", "/things/%C0%AF", "/search?q[]=1" }) {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
				socket.getOutputStream()
					.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
						.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				String answer = new String(socket.getInputStream().readAllBytes(),
						java.nio.charset.StandardCharsets.UTF_8);

				assertThat(answer).as(target).startsWith("HTTP/1.1 400");
				assertThat(answer).as(target)
					.containsIgnoringCase("Content-Type: application/problem+json")
					.contains("\"type\":\"https://pixelgram.dev/problems/malformed-request\"")
					.doesNotContain("<html");
			}
		}
	}

	@Test
	void answersNotAcceptableWithProblemJsonAnyway() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/things/1").accept(MediaType.IMAGE_PNG));

		reply.assertProblem(406, "not-acceptable");
	}

	@Test
	void acceptsSmallUploadAndRejectsUploadOverTheLimit() {
		HttpReply small = HttpReply.of(this.http.post()
			.uri("/uploads")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(multipart(new byte[100])));
		HttpReply large = HttpReply.of(this.http.post()
			.uri("/uploads")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(multipart(new byte[10 * 1024])));

		assertThat(small.status()).isEqualTo(200);
		large.assertProblem(413, "payload-too-large");
	}

	@Test
	void answersABrokenMultipartBodyWithMalformedRequest() {
		// The boundary is declared, but the body never closes it: an upload cut off
		// midway.
		HttpReply reply = HttpReply.of(this.http.post()
			.uri("/uploads")
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=cut"))
			.body("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc"));

		reply.assertProblem(400, "malformed-request");
		assertThat(reply.body()).doesNotContain("Exception", "FileUpload");
	}

	@Test
	void answersAValueTheDatabaseCannotStoreWithValidationWithoutSql() {
		HttpReply reply = HttpReply.of(this.http.post().uri("/captions"));

		reply.assertProblem(400, "validation");
		assertThat(reply.body()).doesNotContain("0x00", "UTF8", "statement", "Exception");
	}

	@Test
	void answersALostLockWithServiceUnavailableAndRetryAfter() {
		HttpReply reply = HttpReply.of(this.http.post().uri("/locks"));

		reply.assertProblem(503, "service-unavailable");
		assertThat(reply.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(reply.body()).doesNotContain("deadlock", "SQL", "followers_count");
	}

	@Test
	void answersIdOfUnknownShardWithNotFound() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/shards/4000/things"));

		JsonNode problem = reply.assertProblem(404, "not-found");
		assertThat(problem.path("detail").asString()).doesNotContain("shard", "4000");
		assertThat(problem.path("instance").asString()).isEqualTo("/shards/4000/things");
	}

	@Test
	void rendersApiExceptionOfAServiceOwnType() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/images/huge"));

		JsonNode problem = reply.assertProblem(413, "image-too-large-pixels");
		assertThat(problem.path("title").asString()).isEqualTo("Image too large");
		assertThat(problem.path("detail").asString()).isEqualTo("The image has more than 40 megapixels.");
		assertThat(problem.path("max_pixels").asLong()).isEqualTo(40_000_000L);
	}

	@Test
	void rendersApiExceptionHeaders() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/busy"));

		reply.assertProblem(429, "rate-limited");
		assertThat(reply.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
	}

	@Test
	void answersDuplicateKeyWithConflictWithoutSql() {
		HttpReply reply = HttpReply.of(this.http.post().uri("/usernames"));

		reply.assertProblem(409, "conflict");
		assertThat(reply.body()).doesNotContain("users_username_key", "duplicate key", "SQL", "Exception");
	}

	@Test
	void hidesUnexpectedFailureFromClientAndLogsIt(CapturedOutput output) {
		HttpReply reply = HttpReply.of(this.http.get().uri("/boom"));

		JsonNode problem = reply.assertProblem(500, "internal");
		assertThat(problem.path("detail").asString()).isEqualTo(ProblemExceptionHandler.INTERNAL_DETAIL);
		assertThat(reply.body()).doesNotContain(WebTestApplication.SECRET, "hunter2", "Exception", "at com.",
				"IllegalState");
		assertThat(output).contains("ERROR", "java.lang.IllegalStateException: " + WebTestApplication.SECRET,
				"at com.pixelgram.web.ProblemTestController.boom");
	}

	@Test
	void logsAFailedRequestByItsRouteSoThatSecretsInItsPathStayOut(CapturedOutput output) {
		HttpReply reply = HttpReply.of(this.http.get().uri("/devices/push-token-s3cret/boom"));

		reply.assertProblem(500, "internal");
		assertThat(output).contains("GET /devices/{token}/boom failed").doesNotContain("push-token-s3cret");
	}

	@Test
	void answersExceptionInFilterWithProblemThroughErrorController() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/filter/boom").accept(MediaType.TEXT_HTML));

		JsonNode problem = reply.assertProblem(500, "internal");
		assertThat(problem.path("instance").asString()).isEqualTo("/filter/boom");
		assertThat(reply.body()).doesNotContain("hunter2", "Exception", "at com.", "trace");
	}

	@Test
	void answersErrorSentByFilterWithProblemOfItsStatus() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/filter/unavailable"));

		reply.assertProblem(503, "service-unavailable");
		assertThat(reply.body()).doesNotContain("hunter2");
	}

	private static List<String> fields(JsonNode problem) {
		List<String> fields = new ArrayList<>();
		problem.path("errors").forEach((error) -> fields.add(error.path("field").asString()));
		return fields;
	}

	private static MultiValueMap<String, Object> multipart(byte[] content) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		parts.add("file", new ByteArrayResource(content) {

			@Override
			public String getFilename() {
				return "photo.jpg";
			}

		});
		return parts;
	}

}
