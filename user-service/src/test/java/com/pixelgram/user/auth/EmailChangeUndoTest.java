package com.pixelgram.user.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import com.pixelgram.user.token.AccountTokens;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The undo link in the notice an email change mails to the old address: the owner of a
 * hijacked account takes it back with it, although a password reset would go to the new
 * address.
 */
class EmailChangeUndoTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	AccountTokens accountTokens;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	EmailChanges emails;

	@BeforeEach
	void emailChanges() {
		this.emails = new EmailChanges(api(), this.shards);
	}

	@Test
	void theNoticeCarriesAnUndoLinkThatTakesTheAccountBackAndEndsEverySession() {
		TestUser user = register();
		String otherDevice = this.emails.login(user.email(), user.password())
			.assertStatus(200)
			.path("refresh_token")
			.asString();
		String newEmail = moveTo(user, TestUsers.uniqueName("new") + "@example.com");

		MimeMessage notice = Mailbox.await(user.email(), 2);
		assertThat(Mailbox.subject(notice)).isEqualTo("Your Pixelgram email address was changed");
		assertThat(Mailbox.text(notice, "text/plain")).contains("n***@example.com")
			.contains("https://pixelgram.dev/undo-email-change?token=")
			.contains("7 days")
			.contains("reset your password")
			.doesNotContain(newEmail);
		assertThat(Mailbox.text(notice, "text/html"))
			.contains("<a href=\"https://pixelgram.dev/undo-email-change?token=")
			.contains("7 days")
			.doesNotContain(newEmail);
		String token = Mailbox.token(notice);

		undo(token).assertStatus(204);

		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", otherDevice), null).assertProblem(401, "unauthorized");
		this.emails.login(newEmail, user.password()).assertProblem(401, "unauthorized");
		JsonNode login = this.emails.login(user.email(), user.password()).assertStatus(200);
		// the owner proved they read the old address
		assertThat(login.path("user").path("email").asString()).isEqualTo(user.email());
		assertThat(login.path("user").path("email_verified").asBoolean()).isTrue();
		String session = login.path("refresh_token").asString();
		// the new address is free again
		this.emails.register(newEmail).assertStatus(201);

		undo(token).assertProblem(400, "invalid-token");

		// a retry changes nothing: the session that began after the undo lives on
		api().post("/v1/auth/refresh", Api.json("refresh_token", session), null).assertStatus(200);
		assertThat(api().get("/v1/users/me", login.path("access_token").asString())
			.assertStatus(200)
			.path("email")
			.asString()).isEqualTo(user.email());
	}

	@Test
	void undoingSignsEveryAccessTokenIssuedBeforeOutAtTheGatewaysButNotTheOwnersNextLogin() {
		TestUser user = register();
		// whoever changed the email holds a token of their own
		String hijacker = this.emails.login(user.email(), user.password())
			.assertStatus(200)
			.path("access_token")
			.asString();
		moveTo(user, TestUsers.uniqueName("new") + "@example.com");
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		assertThat(SignOuts.cutOffs(this.redis, this.keys, user.id())).as("an email change signs nobody out").isEmpty();
		long issued = SignOuts.issuedAt(hijacker);
		await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > issued);
		long before = Instant.now().getEpochSecond();

		undo(token).assertStatus(204);

		List<Long> cutOffs = SignOuts.cutOffs(this.redis, this.keys, user.id());
		assertThat(cutOffs).hasSize(1);
		long cutOff = cutOffs.get(0);
		assertThat(cutOff).isBetween(before, Instant.now().getEpochSecond());
		assertThat(issued).as("the gateways refuse the hijacker's token").isLessThan(cutOff);
		assertThat(SignOuts.issuedAt(user.accessToken())).isLessThan(cutOff);
		String owner = this.emails.login(user.email(), user.password())
			.assertStatus(200)
			.path("access_token")
			.asString();
		assertThat(SignOuts.issuedAt(owner)).as("and accept the owner's login after the undo")
			.isGreaterThanOrEqualTo(cutOff);
		assertThat(SignOuts.until(this.redis, this.keys, user.id(), cutOff))
			.isEqualTo((double) Instant.ofEpochSecond(cutOff).plus(Duration.ofMinutes(16)).toEpochMilli());
	}

	@Test
	void undoingVoidsTheLinksMailedToTheAddressTheAccountLeaves() {
		TestUser user = register();
		String newEmail = moveTo(user, TestUsers.uniqueName("new") + "@example.com");
		String undoToken = Mailbox.token(Mailbox.await(user.email(), 2));
		String thirdEmail = TestUsers.uniqueName("third") + "@example.com";
		api().post("/v1/auth/password-reset", Api.json("email", newEmail), null).assertStatus(202);
		String resetToken = Mailbox.token(Mailbox.await(newEmail, 2));
		this.emails.change(user, user.password(), thirdEmail).assertStatus(202);
		String changeToken = Mailbox.token(Mailbox.await(thirdEmail, 1));

		undo(undoToken).assertStatus(204);

		api()
			.post("/v1/auth/password-reset/confirm", Api.json("token", resetToken, "new_password", "taken over again"),
					null)
			.assertProblem(400, "invalid-token");
		this.emails.verify(changeToken).assertProblem(400, "invalid-token");
		this.emails.login(user.email(), user.password()).assertStatus(200);
		assertThat(this.emails.claims(user.id())).isZero();
		this.emails.register(thirdEmail).assertStatus(201);
	}

	@Test
	void aLaterChangeCannotVoidTheUndoLinkButTheUndoVoidsTheLaterOnes() {
		TestUser user = register();
		String second = moveTo(user, TestUsers.uniqueName("second") + "@example.com");
		String firstUndo = Mailbox.token(Mailbox.await(user.email(), 2));
		String third = moveTo(user, TestUsers.uniqueName("third") + "@example.com");
		String secondUndo = Mailbox.token(Mailbox.await(second, 2));

		undo(firstUndo).assertStatus(204);
		undo(secondUndo).assertProblem(400, "invalid-token");

		this.emails.login(user.email(), user.password()).assertStatus(200);
		this.emails.login(second, user.password()).assertProblem(401, "unauthorized");
		this.emails.login(third, user.password()).assertProblem(401, "unauthorized");
	}

	@Test
	void aForgedMalformedUnknownOrOtherPurposeTokenIsABadRequestAndChangesNothing() {
		TestUser user = register();
		String verification = Mailbox.token(Mailbox.await(user.email(), 1));
		String newEmail = TestUsers.uniqueName("new") + "@example.com";
		this.emails.change(user, user.password(), newEmail).assertStatus(202);
		String change = Mailbox.token(Mailbox.await(newEmail, 1));
		this.emails.verify(change).assertStatus(204);
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		String[] parts = token.split("\\.");
		String badMac = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A")
				+ parts[2].substring(1);
		String unknown = this.accountTokens.token(user.id(), AccountTokens.Purpose.UNDO_EMAIL_CHANGE,
				"AAAAAAAAAAAAAAAAAAAAAA");

		for (String invalid : new String[] { badMac, unknown, verification, change, "not a token",
				"99999999999999999.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA", parts[0] + "." + parts[1] }) {
			undo(invalid).assertProblem(400, "invalid-token");
		}
		undo("").assertProblem(400, "validation");
		undo("x".repeat(101)).assertProblem(400, "validation");
		api().post("/v1/auth/email/undo", Api.json("nothing", "here"), null).assertProblem(400, "validation");
		api().send(HttpMethod.POST, "/v1/auth/email/undo", "{", null, Map.of()).assertStatus(400);
		// a change-email token does not undo, and an undo token does not verify
		this.emails.verify(token).assertProblem(400, "invalid-token");

		this.emails.login(newEmail, user.password()).assertStatus(200);
		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null).assertStatus(200);
		undo(token).assertStatus(204);
	}

	@Test
	void anExpiredUndoLinkIsABadRequest() {
		TestUser user = register();
		String newEmail = moveTo(user, TestUsers.uniqueName("new") + "@example.com");
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
		this.shards.write(this.shards.shardOf(user.id()), () -> {
			this.shards.jdbc()
				.sql("UPDATE account_token SET expires_at = :past WHERE user_id = :id "
						+ "AND purpose = 'undo-email-change'")
				.param("id", user.id())
				.param("past", past)
				.update();
		});

		undo(token).assertProblem(400, "invalid-token");

		this.emails.login(newEmail, user.password()).assertStatus(200);
		this.emails.login(user.email(), user.password()).assertProblem(401, "unauthorized");
	}

	@Test
	void theUndoLinkIsValidForAWeekAndStoredOnlyAsADigest() {
		TestUser user = register();
		moveTo(user, TestUsers.uniqueName("new") + "@example.com");
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		String mac = token.split("\\.")[2];

		OffsetDateTime[] validity = this.shards.read(this.shards.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT created_at, expires_at FROM account_token WHERE user_id = :id "
							+ "AND purpose = 'undo-email-change'")
					.param("id", user.id())
					.query((rs,
							row) -> new OffsetDateTime[] { rs.getObject("created_at", OffsetDateTime.class),
									rs.getObject("expires_at", OffsetDateTime.class) })
					.single());
		assertThat(Duration.between(validity[0], validity[1])).hasDays(7);
		assertThat(this.shards.read(this.shards.shardOf(user.id()), () -> this.shards.jdbc()
			.sql("SELECT encode(token_hash, 'escape') || email || purpose FROM account_token WHERE user_id = :id "
					+ "UNION ALL SELECT model FROM mail_outbox WHERE user_id = :id")
			.param("id", user.id())
			.query(String.class)
			.list())).isNotEmpty().noneMatch((row) -> row.contains(mac));
	}

	@Test
	void anOldAddressRegisteredOrClaimedSinceIsAConflictAndNothingChanges() {
		TestUser user = register();
		String newEmail = moveTo(user, TestUsers.uniqueName("new") + "@example.com");
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		TestUser taker = register();
		this.emails.register(user.email()).assertStatus(201);

		assertThat(undo(token).assertProblem(409, "conflict").path("detail").asString()).contains("another account");

		this.emails.login(newEmail, user.password()).assertStatus(200);
		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null).assertStatus(200);

		TestUser other = register();
		String otherNew = moveTo(other, TestUsers.uniqueName("new") + "@example.com");
		String otherToken = Mailbox.token(Mailbox.await(other.email(), 2));
		this.emails.change(taker, taker.password(), other.email()).assertStatus(202);

		undo(otherToken).assertProblem(409, "conflict");

		this.emails.login(otherNew, other.password()).assertStatus(200);
		api().post("/v1/auth/refresh", Api.json("refresh_token", other.refreshToken()), null).assertStatus(200);
	}

	@Test
	void theUndoLinkOfADeletedAccountIsABadRequestAndLeavesTheAddressFree() {
		TestUser user = register();
		moveTo(user, TestUsers.uniqueName("new") + "@example.com");
		String token = Mailbox.token(Mailbox.await(user.email(), 2));
		api()
			.send(HttpMethod.DELETE, "/v1/users/me", Api.json("password", user.password()), user.accessToken(),
					Map.of())
			.assertStatus(202);

		undo(token).assertProblem(400, "invalid-token");

		this.emails.register(user.email()).assertStatus(201);
	}

	/** Changes the user's email and follows the link; the notice is on its way. */
	private String moveTo(TestUser user, String newEmail) {
		int before = Mailbox.of(newEmail).size();
		this.emails.change(user, user.password(), newEmail).assertStatus(202);
		String token = Mailbox.token(Mailbox.await(newEmail, before + 1));
		this.emails.verify(token).assertStatus(204);
		return newEmail;
	}

	private HttpReply undo(String token) {
		return api().post("/v1/auth/email/undo", Api.json("token", token), null);
	}

}
