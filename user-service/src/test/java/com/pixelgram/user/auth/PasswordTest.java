package com.pixelgram.user.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.Mailbox;
import com.pixelgram.user.support.SignOuts;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PasswordTest extends UserIntegrationTest {

	private static final String NEW_PASSWORD = "a brand new passphrase";

	@Autowired
	Shards shards;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Test
	void changingThePasswordEndsEverySessionAndGivesTheCallerANewPair() {
		TestUser user = register();
		String otherDevice = login(user, user.password()).path("refresh_token").asString();

		JsonNode changed = api()
			.post("/v1/auth/password", Api.json("current_password", user.password(), "new_password", NEW_PASSWORD),
					user.accessToken())
			.assertStatus(200);

		assertThat(changed.path("user").path("user_id").asString()).isEqualTo(Long.toString(user.id()));
		assertThat(changed.path("token_type").asString()).isEqualTo("Bearer");
		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", otherDevice), null).assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", changed.path("refresh_token").asString()), null)
			.assertStatus(200);
		api().get("/v1/users/me", changed.path("access_token").asString()).assertStatus(200);
		api().post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null)
			.assertProblem(401, "unauthorized");
		login(user, NEW_PASSWORD);
		MimeMessage notice = Mailbox.await(user.email(), 2);
		assertThat(Mailbox.subject(notice)).isEqualTo("Your Pixelgram password was changed");
		assertThat(Mailbox.text(notice, "text/plain")).contains("every device was logged out");
	}

	@Test
	void changingThePasswordSignsTheOldAccessTokensOutAtTheGatewaysButNotTheNewOne() {
		TestUser user = register();
		long before = Instant.now().getEpochSecond();

		JsonNode changed = api()
			.post("/v1/auth/password", Api.json("current_password", user.password(), "new_password", NEW_PASSWORD),
					user.accessToken())
			.assertStatus(200);

		List<Long> cutOffs = SignOuts.cutOffs(this.redis, this.keys, user.id());
		assertThat(cutOffs).hasSize(1);
		long cutOff = cutOffs.get(0);
		assertThat(cutOff).isBetween(before, Instant.now().getEpochSecond());
		assertThat(SignOuts.issuedAt(changed.path("access_token").asString()))
			.as("the gateways accept the caller's new token: issued in the cut-off's second or after")
			.isGreaterThanOrEqualTo(cutOff);
		assertThat(SignOuts.until(this.redis, this.keys, user.id(), cutOff))
			.as("listed until every token issued before has expired, plus a minute")
			.isEqualTo((double) Instant.ofEpochSecond(cutOff).plus(Duration.ofMinutes(16)).toEpochMilli());

		// a later change replaces the entry: only the latest cut-off matters
		await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > cutOff);
		api()
			.post("/v1/auth/password", Api.json("current_password", NEW_PASSWORD, "new_password", "yet another one"),
					changed.path("access_token").asString())
			.assertStatus(200);
		List<Long> later = SignOuts.cutOffs(this.redis, this.keys, user.id());
		assertThat(later).hasSize(1);
		assertThat(later.get(0)).isGreaterThan(cutOff);
		assertThat(SignOuts.issuedAt(changed.path("access_token").asString())).isLessThan(later.get(0));
	}

	@Test
	void aWrongCurrentPasswordIsForbiddenAndChangesNothing() {
		TestUser user = register();

		HttpReply reply = api().post("/v1/auth/password",
				Api.json("current_password", "not the password", "new_password", NEW_PASSWORD), user.accessToken());

		reply.assertProblem(403, "wrong-password");
		assertThat(SignOuts.cutOffs(this.redis, this.keys, user.id())).isEmpty();
		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null).assertStatus(200);
		login(user, user.password());
	}

	@Test
	void repeatedWrongCurrentPasswordsAreThrottled() {
		TestUser user = register();
		List<Integer> statuses = new ArrayList<>();

		for (int i = 0; i < 6; i++) {
			statuses.add(api().post("/v1/auth/password",
					Api.json("current_password", "guess number " + i, "new_password", NEW_PASSWORD), user.accessToken())
				.status());
		}

		assertThat(statuses.subList(0, 5)).containsOnly(403);
		assertThat(statuses.get(5)).isEqualTo(429);
	}

	@Test
	void aBadNewPasswordOrAMissingTokenIsRefused() {
		TestUser user = register();

		assertThat(api()
			.post("/v1/auth/password", Api.json("current_password", user.password(), "new_password", "short"),
					user.accessToken())
			.assertProblem(400, "validation")
			.toString()).contains("new_password");
		api().post("/v1/auth/password", Api.json("current_password", user.password()), user.accessToken())
			.assertProblem(400, "validation");
		api()
			.send(HttpMethod.POST, "/v1/auth/password",
					Api.json("current_password", user.password(), "new_password", NEW_PASSWORD), null, Map.of())
			.assertProblem(401, "unauthorized");
	}

	@Test
	void aResetMailsASingleUseLinkThatSetsANewPasswordAndEndsEverySession() {
		TestUser user = register();
		Mailbox.await(user.email(), 1);

		api().post("/v1/auth/password-reset", Api.json("email", user.email().toUpperCase()), null).assertStatus(202);

		MimeMessage mail = Mailbox.await(user.email(), 2);
		assertThat(Mailbox.subject(mail)).isEqualTo("Reset your Pixelgram password");
		assertThat(Mailbox.text(mail, "text/plain")).contains("https://pixelgram.dev/reset-password?token=")
			.contains("15 minutes");
		String token = Mailbox.token(mail);
		long before = Instant.now().getEpochSecond();
		api().post("/v1/auth/password-reset/confirm", Api.json("token", token, "new_password", NEW_PASSWORD), null)
			.assertStatus(204);

		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		List<Long> cutOffs = SignOuts.cutOffs(this.redis, this.keys, user.id());
		assertThat(cutOffs).as("the gateways refuse the access tokens issued before the reset").hasSize(1);
		assertThat(cutOffs.get(0)).isBetween(before, Instant.now().getEpochSecond());
		JsonNode login = login(user, NEW_PASSWORD);
		assertThat(SignOuts.issuedAt(login.path("access_token").asString())).as("a login after it works")
			.isGreaterThanOrEqualTo(cutOffs.get(0));
		// the mail reached the address, so the address is the user's
		assertThat(login.path("user").path("email_verified").asBoolean()).isTrue();
		api().post("/v1/auth/password-reset/confirm", Api.json("token", token, "new_password", "yet another one"), null)
			.assertProblem(400, "invalid-token");
		assertThat(Mailbox.subject(Mailbox.await(user.email(), 3))).isEqualTo("Your Pixelgram password was changed");
	}

	@Test
	void aResetForAnUnknownAddressIsAnsweredAlikeAndMailsNothing() throws Exception {
		String nobody = TestUsers.uniqueName("nobody") + "@example.com";
		TestUser user = register();

		HttpReply unknown = api().post("/v1/auth/password-reset", Api.json("email", nobody), null);
		HttpReply known = api().post("/v1/auth/password-reset", Api.json("email", user.email()), null);

		assertThat(unknown.status()).isEqualTo(202);
		assertThat(known.status()).isEqualTo(202);
		assertThat(unknown.body()).isEqualTo(known.body());
		Mailbox.await(user.email(), 2);
		Thread.sleep(500);
		assertThat(Mailbox.of(nobody)).isEmpty();
	}

	@Test
	void aResetTokenExpiresAfterFifteenMinutes() {
		TestUser user = register();
		Mailbox.await(user.email(), 1);
		api().post("/v1/auth/password-reset", Api.json("email", user.email()), null).assertStatus(202);
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		Instant expiresAt = this.shards.read(this.shards.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT expires_at - created_at = interval '15 minutes' AS fifteen, expires_at "
							+ "FROM account_token WHERE user_id = :id AND purpose = 'reset-password'")
					.param("id", user.id())
					.query((rs, row) -> {
						assertThat(rs.getBoolean("fifteen")).isTrue();
						return rs.getObject("expires_at", OffsetDateTime.class).toInstant();
					})
					.single());
		assertThat(expiresAt).isAfter(Instant.now());

		this.shards.write(this.shards.shardOf(user.id()), () -> {
			this.shards.jdbc()
				.sql("UPDATE account_token SET expires_at = :past WHERE user_id = :id AND purpose = 'reset-password'")
				.param("id", user.id())
				.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
				.update();
		});

		api().post("/v1/auth/password-reset/confirm", Api.json("token", token, "new_password", NEW_PASSWORD), null)
			.assertProblem(400, "invalid-token");
		login(user, user.password());
	}

	@Test
	void aResetTokenIsStoredOnlyAsADigest() {
		TestUser user = register();
		Mailbox.await(user.email(), 1);
		api().post("/v1/auth/password-reset", Api.json("email", user.email()), null).assertStatus(202);
		String token = Mailbox.token(Mailbox.await(user.email(), 2));

		List<String> stored = this.shards.read(this.shards.shardOf(user.id()), () -> this.shards.jdbc()
			.sql("SELECT encode(token_hash, 'escape') || email || purpose FROM account_token WHERE user_id = :id "
					+ "UNION ALL SELECT model FROM mail_outbox WHERE user_id = :id")
			.param("id", user.id())
			.query(String.class)
			.list());

		assertThat(stored).isNotEmpty().noneMatch((row) -> row.contains(token.substring(token.lastIndexOf('.') + 1)));
	}

	@Test
	void onlyAFewResetMailsGoToOneAddressPerHour() throws Exception {
		TestUser user = register();
		Mailbox.await(user.email(), 1);

		for (int i = 0; i < 5; i++) {
			api().post("/v1/auth/password-reset", Api.json("email", user.email()), null).assertStatus(202);
		}

		Mailbox.await(user.email(), 4);
		Thread.sleep(1000);
		assertThat(Mailbox.of(user.email())).hasSize(4);
	}

	@Test
	void aBadResetRequestIsABadRequest() {
		api().post("/v1/auth/password-reset", Api.json("email", "not an address"), null)
			.assertProblem(400, "validation");
		api().post("/v1/auth/password-reset", "{}", null).assertProblem(400, "validation");
		api().post("/v1/auth/password-reset/confirm", Api.json("token", "1.2.3", "new_password", NEW_PASSWORD), null)
			.assertProblem(400, "invalid-token");
		api().post("/v1/auth/password-reset/confirm", Api.json("token", "1.2.3", "new_password", "short"), null)
			.assertProblem(400, "validation");
	}

	private JsonNode login(TestUser user, String password) {
		return api().post("/v1/auth/login", Api.json("username", user.username(), "password", password), null)
			.assertStatus(200);
	}

}
