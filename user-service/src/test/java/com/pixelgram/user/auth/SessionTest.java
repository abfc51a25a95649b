package com.pixelgram.user.auth;

import java.util.List;
import java.util.Map;

import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.SignOuts;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest extends UserIntegrationTest {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Test
	void listsEachLoginWithItsDeviceAndMarksTheCallersOwn() {
		TestUser user = register();
		JsonNode phone = login(user, "Pixelgram/2.1 (iPhone; iOS 18.1)");
		JsonNode tablet = login(user, "Pixelgram/2.1 (Android 15; Tablet)");
		// a refresh keeps the session and moves its last use
		JsonNode refreshed = api()
			.post("/v1/auth/refresh", Api.json("refresh_token", phone.path("refresh_token").asString()), null)
			.assertStatus(200);

		JsonNode sessions = api().get("/v1/auth/sessions", refreshed.path("access_token").asString())
			.assertStatus(200)
			.path("sessions");

		assertThat(sessions).hasSize(3);
		JsonNode first = sessions.get(0);
		assertThat(first.path("user_agent").asString()).isEqualTo("Pixelgram/2.1 (iPhone; iOS 18.1)");
		assertThat(first.path("current").asBoolean()).isTrue();
		assertThat(first.path("session_id").asString()).isNotBlank();
		assertThat(first.path("created_at").asString()).isNotBlank();
		assertThat(first.path("last_used_at").asString()).isGreaterThan(first.path("created_at").asString());
		assertThat(sessions.get(1).path("user_agent").asString()).isEqualTo("Pixelgram/2.1 (Android 15; Tablet)");
		assertThat(sessions.get(1).path("current").asBoolean()).isFalse();
		assertThat(sessions.get(2).path("current").asBoolean()).isFalse();
		assertThat(tablet.path("refresh_token").asString()).isNotBlank();
	}

	@Test
	void endingASessionRevokesItsRefreshTokenOnly() {
		TestUser user = register();
		JsonNode phone = login(user, "phone");
		JsonNode tablet = login(user, "tablet");
		String tabletSession = sessionOf(phone.path("access_token").asString(), "tablet");

		api().delete("/v1/auth/sessions/" + tabletSession, phone.path("access_token").asString()).assertStatus(204);

		api().post("/v1/auth/refresh", Api.json("refresh_token", tablet.path("refresh_token").asString()), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", phone.path("refresh_token").asString()), null)
			.assertStatus(200);
		assertThat(api().get("/v1/auth/sessions", phone.path("access_token").asString())
			.assertStatus(200)
			.path("sessions")).hasSize(2);
		api().delete("/v1/auth/sessions/" + tabletSession, phone.path("access_token").asString())
			.assertProblem(404, "not-found");
	}

	@Test
	void aUserCannotEndAnotherUsersSession() {
		TestUser user = register();
		TestUser other = register();
		String otherSession = sessionOf(other.accessToken(), null);

		api().delete("/v1/auth/sessions/" + otherSession, user.accessToken()).assertProblem(404, "not-found");
		api().delete("/v1/auth/sessions/not-a-uuid", user.accessToken()).assertProblem(404, "not-found");

		api().post("/v1/auth/refresh", Api.json("refresh_token", other.refreshToken()), null).assertStatus(200);
	}

	@Test
	void loggingOutEverywhereRevokesEverySession() {
		TestUser user = register();
		JsonNode phone = login(user, "phone");

		api().delete("/v1/auth/sessions", user.accessToken()).assertStatus(204);

		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", phone.path("refresh_token").asString()), null)
			.assertProblem(401, "unauthorized");
		assertThat(api().get("/v1/auth/sessions", user.accessToken()).assertStatus(200).path("sessions")).isEmpty();
		// the gateways refuse the access tokens issued before: the caller's and the
		// phone's
		List<Long> cutOffs = SignOuts.cutOffs(this.redis, this.keys, user.id());
		assertThat(cutOffs).hasSize(1);
		assertThat(cutOffs.get(0)).isGreaterThanOrEqualTo(SignOuts.issuedAt(phone.path("access_token").asString()));
		JsonNode again = login(user, "laptop");
		assertThat(SignOuts.issuedAt(again.path("access_token").asString())).isGreaterThanOrEqualTo(cutOffs.get(0));
	}

	@Test
	void sessionsNeedAnAccessToken() {
		api().get("/v1/auth/sessions", null).assertProblem(401, "unauthorized");
		api().delete("/v1/auth/sessions", null).assertProblem(401, "unauthorized");
	}

	private JsonNode login(TestUser user, String userAgent) {
		return api()
			.send(HttpMethod.POST, "/v1/auth/login", Api.json("username", user.username(), "password", user.password()),
					null, Map.of("User-Agent", userAgent))
			.assertStatus(200);
	}

	private String sessionOf(String accessToken, String userAgent) {
		for (JsonNode session : api().get("/v1/auth/sessions", accessToken).assertStatus(200).path("sessions")) {
			if (userAgent == null || userAgent.equals(session.path("user_agent").asString())) {
				return session.path("session_id").asString();
			}
		}
		throw new AssertionError("no session of " + userAgent);
	}

}
