package com.pixelgram.user.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class LoginTest extends UserIntegrationTest {

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
	void aPasswordWithALoneSurrogateIsABadRequestOnLoginAndRegistration() {
		TestUser user = register();
		// JSON may escape half a surrogate pair; such text has no UTF-8 form to hash.
		String lone = "{\"username\":\"" + user.username() + "\",\"password\":\"abcdefgh\\ud800\"}";
		String registration = "{\"username\":\"" + TestUsers.uniqueName("lone")
				+ "\",\"email\":\"lone@example.com\",\"password\":\"abcdefgh\\ud800\"}";

		api().post("/v1/auth/login", lone, null).assertProblem(400, "validation");
		api().post("/v1/auth/register", registration, null).assertProblem(400, "validation");
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
	void refusesAnAddressThatKeepsFailingForGrowingPeriodsWhileTheOwnerLogsInFromAnother() throws Exception {
		TestUser user = register();
		String attacker = uniqueAddress();
		String owner = uniqueAddress();
		String wrong = Api.json("username", user.username(), "password", "not the password");
		String right = Api.json("username", user.username(), "password", user.password());

		for (int i = 0; i < 5; i++) {
			login(wrong, attacker).assertProblem(401, "unauthorized");
		}
		HttpReply first = login(right, attacker);
		HttpReply firstByEmail = login(Api.json("email", user.email(), "password", user.password()), attacker);
		first.assertProblem(429, "rate-limited");
		firstByEmail.assertProblem(429, "rate-limited");
		login(right, owner).assertStatus(200);

		long firstBlock = retryAfter(first);
		Thread.sleep(firstBlock * 1000 + 100);
		login(wrong, attacker).assertProblem(401, "unauthorized");
		HttpReply second = login(right, attacker);
		second.assertProblem(429, "rate-limited");
		login(right, owner).assertStatus(200);

		long secondBlock = retryAfter(second);
		Thread.sleep(secondBlock * 1000 + 100);
		login(wrong, attacker).assertProblem(401, "unauthorized");
		HttpReply third = login(right, attacker);
		third.assertProblem(429, "rate-limited");
		login(right, owner).assertStatus(200);

		// 1 s, then 2 s, then 4 s (the test's initial block; 1 minute by default).
		assertThat(firstBlock).isEqualTo(1);
		assertThat(secondBlock).isEqualTo(2);
		assertThat(retryAfter(third)).isEqualTo(4);
	}

	@Test
	void anAccountUnderAttackFromManyAddressesGivesNewAddressesOneTryButNeverLocksTheOwnerOut() {
		TestUser user = register();
		String wrong = Api.json("username", user.username(), "password", "not the password");
		String right = Api.json("username", user.username(), "password", user.password());
		List<String> attackers = List.of(uniqueAddress(), uniqueAddress(), uniqueAddress());

		// 12 failures (the test's account ceiling), 4 from each address: none is refused.
		for (String attacker : attackers) {
			for (int i = 0; i < 4; i++) {
				login(wrong, attacker).assertProblem(401, "unauthorized");
			}
		}
		String newcomer = uniqueAddress();
		login(wrong, newcomer).assertProblem(401, "unauthorized");

		login(wrong, newcomer).assertProblem(429, "rate-limited");
		login(wrong, attackers.get(0)).assertProblem(401, "unauthorized");
		login(wrong, attackers.get(0)).assertProblem(429, "rate-limited");
		login(right, uniqueAddress()).assertStatus(200);
	}

	@Test
	void aSuccessfulLoginClearsTheAddresssEarlierFailures() {
		TestUser user = register();
		String address = uniqueAddress();
		String wrong = Api.json("username", user.username(), "password", "not the password");
		String right = Api.json("username", user.username(), "password", user.password());

		for (int i = 0; i < 4; i++) {
			login(wrong, address).assertProblem(401, "unauthorized");
		}
		login(right, address).assertStatus(200);
		for (int i = 0; i < 4; i++) {
			login(wrong, address).assertProblem(401, "unauthorized");
		}

		login(right, address).assertStatus(200);
	}

	@Test
	void anUnknownNameIsThrottledLikeAnAccount() {
		String address = uniqueAddress();
		String unknown = Api.json("username", TestUsers.uniqueName("nobody"), "password", "not the password");

		for (int i = 0; i < 5; i++) {
			login(unknown, address).assertProblem(401, "unauthorized");
		}

		login(unknown, address).assertProblem(429, "rate-limited");
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

	private HttpReply login(String body, String clientAddress) {
		// As the gateway forwards it: Tomcat takes the client's address from the header
		// of
		// a proxy on an internal address (server.forward-headers-strategy=native).
		return api().send(HttpMethod.POST, "/v1/auth/login", body, null, Map.of("X-Forwarded-For", clientAddress));
	}

	/** A documentation address (RFC 5737) no other test uses. */
	private static String uniqueAddress() {
		return "198.51." + ThreadLocalRandom.current().nextInt(100, 255) + "."
				+ ThreadLocalRandom.current().nextInt(1, 255);
	}

	private static long retryAfter(HttpReply reply) {
		return Long.parseLong(reply.headers().getFirst("Retry-After"));
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
