package com.pixelgram.user;

import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with its Redis down: every use of Redis fails open, so the pod stays ready
 * and logins and profiles are served from Postgres.
 */
// A key generated and kept in the database: the local profile only.
@ActiveProfiles("local")
@SpringBootTest(classes = UserServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.events.relay.enabled=false", "spring.data.redis.timeout=200ms" })
class UserServiceWithoutRedisTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "users_no_redis", 2, 1);
		TestInfrastructure.sqs(registry, "users-no-redis");
		// Nothing listens on port 1: every Redis call fails at once.
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:1");
	}

	@Test
	void staysLiveAndReady() {
		JsonNode liveness = api().get("/actuator/health/liveness", null).assertStatus(200);
		JsonNode readiness = api().get("/actuator/health/readiness", null).assertStatus(200);

		assertThat(liveness.path("status").asString()).isEqualTo("UP");
		assertThat(readiness.path("status").asString()).isEqualTo("UP");
	}

	@Test
	void registersLogsInAndServesProfilesFromPostgres() {
		TestUser user = TestUsers.register(api());
		TestUser viewer = TestUsers.register(api());

		api().post("/v1/auth/login", Api.json("username", user.username(), "password", "wrong password"), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null)
			.assertStatus(200);
		JsonNode profile = api().get("/v1/users/" + user.id(), viewer.accessToken()).assertStatus(200);

		assertThat(profile.path("username").asString()).isEqualTo(user.username());
	}

	private Api api() {
		return new Api(this.port);
	}

}
