package com.pixelgram.user.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.pixelgram.user.UserServiceTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class LoginTest extends UserServiceTest {

	@Test
	void logsInWithTheUsernameOrTheEmailInAnyCase() {
		TestUser user = register();

		for (String body : List.of(Api.json("username", user.username(), "password", user.password()),
				Api.json("username", user.username().toUpperCase(), "password", user.password()),
				Api.json("email", user.email().toUpperCase(), "password", user.password()),
				Api.json("username", user.email(), "password", user.password()))) {
			JsonNode reply = api().post("/v1/auth/login", body, null).assertStatus(200);

			assertThat(reply.path("user").path("user_id").asString()).isEqualTo(Long.toString(user.id()));
			assertThat(reply.path("user").path("email").asString()).isEqualTo(user.email());
			assertThat(reply.path("token_type").asString()).isEqualTo("Bearer");
			assertThat(reply.path("expires_in").asLong()).isEqualTo(900);
			assertThat(reply.path("refresh_token").asString()).startsWith(user.id() + ".");
			api().get("/v1/users/me", reply.path("access_token").asString()).assertStatus(200);
		}
	}

	@Test
	void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
		TestUser user = register();

		HttpReply wrongPassword = api().post("/v1/auth/login",
				Api.json("username", user.username(), "password", "not the password"), null);
		HttpReply unknownUser = api().post("/v1/auth/login",
				Api.json("username", TestUsers.uniqueName("nobody"), "password", "not the password"), null);

		wrongPassword.assertProblem(401, "unauthorized");
		unknownUser.assertProblem(401, "unauthorized");
		assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
	}

	@Test
	void anUnknownUserTakesAboutAsLongAsAWrongPassword() {
		TestUser user = register();
		String wrong = Api.json("username", user.username(), "password", "not the password");
		String unknown = Api.json("username", TestUsers.uniqueName("nobody"), "password", "not the password");
		List<Long> wrongTimes = new ArrayList<>();
		List<Long> unknownTimes = new ArrayList<>();

		for (int i = 0; i < 4; i++) {
			wrongTimes.add(timed(wrong));
			unknownTimes.add(timed(unknown));
		}

		// Both verify one Argon2 hash; without the dummy hash an unknown user would
		// answer in a fraction of the time.
		long wrongMedian = median(wrongTimes);
		long unknownMedian = median(unknownTimes);
		assertThat(unknownMedian).as("unknown %s vs wrong %s", unknownTimes, wrongTimes).isGreaterThan(wrongMedian / 2);
	}

	@Test
	void locksTheAccountAfterTenFailuresWithRetryAfter() {
		TestUser user = register();
		String wrong = Api.json("username", user.username(), "password", "not the password");

		for (int i = 0; i < 10; i++) {
			api().post("/v1/auth/login", wrong, null).assertProblem(401, "unauthorized");
		}
		HttpReply locked = api().post("/v1/auth/login",
				Api.json("username", user.username(), "password", user.password()), null);
		HttpReply lockedByEmail = api().post("/v1/auth/login",
				Api.json("email", user.email(), "password", user.password()), null);

		locked.assertProblem(429, "rate-limited");
		lockedByEmail.assertProblem(429, "rate-limited");
		assertThat(Long.parseLong(locked.headers().getFirst("Retry-After"))).isBetween(1L, 900L);
	}

	@Test
	void aSuccessfulLoginClearsEarlierFailures() {
		TestUser user = register();
		String wrong = Api.json("username", user.username(), "password", "not the password");
		String right = Api.json("username", user.username(), "password", user.password());

		for (int i = 0; i < 9; i++) {
			api().post("/v1/auth/login", wrong, null).assertProblem(401, "unauthorized");
		}
		api().post("/v1/auth/login", right, null).assertStatus(200);
		for (int i = 0; i < 9; i++) {
			api().post("/v1/auth/login", wrong, null).assertProblem(401, "unauthorized");
		}

		api().post("/v1/auth/login", right, null).assertStatus(200);
	}

	@Test
	void refusesALoginWithoutNameOrPassword() {
		HttpReply noName = api().post("/v1/auth/login", Api.json("password", "whatever-it-is"), null);
		HttpReply noPassword = api().post("/v1/auth/login", Api.json("username", "someone"), null);
		HttpReply tooLong = api().post("/v1/auth/login", Api.json("username", "someone", "password", "p".repeat(129)),
				null);

		noName.assertProblem(400, "validation");
		assertThat(noName.errorFields()).containsExactly("username");
		noPassword.assertProblem(400, "validation");
		assertThat(noPassword.errorFields()).containsExactly("password");
		tooLong.assertProblem(400, "validation");
		api().post("/v1/auth/login", "not json", null).assertProblem(400, "malformed-request");
	}

	private long timed(String body) {
		long start = System.nanoTime();
		api().post("/v1/auth/login", body, null).assertProblem(401, "unauthorized");
		return System.nanoTime() - start;
	}

	private static long median(List<Long> times) {
		List<Long> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
