package com.pixelgram.web;

import com.pixelgram.testsupport.HttpReply;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * Without static resources Spring MVC throws NoHandlerFoundException instead of
 * NoResourceFoundException for an unknown route; both must be a 404 problem.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
						+ "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration",
				"pixelgram.security.public-paths=/**", "spring.web.resources.add-mappings=false" })
class NoHandlerFoundProblemTest {

	@LocalServerPort
	int port;

	@Test
	void answersUnknownRouteWithNotFoundWhenNoStaticResourcesAreServed() {
		RestClient http = HttpReply.client(this.port);

		HttpReply.of(http.get().uri("/nowhere")).assertProblem(404, "not-found");
	}

}
