package com.pixelgram.user.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.Mailbox;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class EmailChangeTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	PendingRegistrationSweeper sweeper;

	EmailChanges emails;

	@BeforeEach
	void emailChanges() {
		this.emails = new EmailChanges(api(), this.shards);
	}

	@Test
	void theLinkMailedToTheNewAddressMovesTheAccountAndTheOldAddressHearsOfIt() throws Exception {
		TestUser user = verifiedUser();
		String newEmail = TestUsers.uniqueName("new") + "@example.com";

		this.emails.change(user, user.password(), newEmail).assertStatus(202);

		JsonNode me = api().get("/v1/users/me", user.accessToken()).assertStatus(200);
		assertThat(me.path("email").asString()).isEqualTo(user.email());
		assertThat(me.path("email_verified").asBoolean()).isTrue();
		this.emails.login(user.email(), user.password()).assertStatus(200);
		this.emails.login(newEmail, user.password()).assertProblem(401, "unauthorized");
		MimeMessage mail = Mailbox.await(newEmail, 1);
		assertThat(Mailbox.subject(mail)).isEqualTo("Confirm your new email address");
		assertThat(Mailbox.text(mail, "text/plain")).contains("Hi " + user.username())
			.contains(newEmail)
			.contains("https://pixelgram.dev/verify-email?token=")
			.contains("48 hours");
		assertThat(Mailbox.text(mail, "text/html")).contains("<a href=\"https://pixelgram.dev/verify-email?token=");
		String token = Mailbox.token(mail);

		this.emails.verify(token).assertStatus(204);

		me = api().get("/v1/users/me", user.accessToken()).assertStatus(200);
		assertThat(me.path("email").asString()).isEqualTo(newEmail);
		assertThat(me.path("email_verified").asBoolean()).isTrue();
		this.emails.login(newEmail, user.password()).assertStatus(200);
		this.emails.login(user.email(), user.password()).assertProblem(401, "unauthorized");
		this.emails.verify(token).assertProblem(400, "invalid-token");
		MimeMessage notice = Mailbox.await(user.email(), 2);
		assertThat(Mailbox.subject(notice)).isEqualTo("Your Pixelgram email address was changed");
		assertThat(Mailbox.text(notice, "text/plain")).contains("n***@example.com")
			.contains("reset your password")
			.doesNotContain(newEmail);
		assertThat(Mailbox.text(notice, "text/html")).contains("n***@example.com").doesNotContain(newEmail);
		// the old address is free: anyone may register it
		this.emails.register(user.email()).assertStatus(201);
		assertThat(this.emails.claims(user.id())).isZero();
	}

	@Test
	void aWrongPasswordIsTheProblemOfAPasswordChangeAndMailsNothing() throws Exception {
		TestUser user = register();
		String newEmail = TestUsers.uniqueName("new") + "@example.com";

		this.emails.change(user, "not the password", newEmail).assertProblem(403, "wrong-password");

		Thread.sleep(500);
		assertThat(Mailbox.of(newEmail)).isEmpty();
		assertThat(this.emails.claims(user.id())).isZero();
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email").asString())
			.isEqualTo(user.email());
	}

	@Test
	void wrongPasswordsCountWithThoseOfPasswordChangesAgainstTheLoginThrottle() {
		TestUser user = register();
		String newEmail = TestUsers.uniqueName("new") + "@example.com";
		List<Integer> statuses = new ArrayList<>();

		for (int i = 0; i < 3; i++) {
			statuses.add(this.emails.change(user, "guess number " + i, newEmail).status());
		}
		for (int i = 3; i < 5; i++) {
			statuses.add(
					api()
						.post("/v1/auth/password",
								Api.json("current_password", "guess number " + i, "new_password",
										"another good password"),
								user.accessToken())
						.status());
		}
		HttpReply throttled = this.emails.change(user, user.password(), newEmail);

		assertThat(statuses).containsOnly(403);
		throttled.assertProblem(429, "rate-limited");
		assertThat(throttled.headers().getFirst("Retry-After")).isNotBlank();
		assertThat(Mailbox.of(newEmail)).isEmpty();
	}

	@Test
	void anInvalidEmailOrAMissingFieldIsABadRequest() {
		TestUser user = register();

		for (String invalid : new String[] { "not-an-email", "two@@example.com", "no-dot@localhost",
				"space in@example.com", "x".repeat(250) + "@example.com", "" }) {
			assertThat(this.emails.change(user, user.password(), invalid).assertProblem(400, "validation").toString())
				.as(invalid)
				.contains("new_email");
		}
		api().post("/v1/auth/email", Api.json("current_password", user.password()), user.accessToken())
			.assertProblem(400, "validation");
		api().post("/v1/auth/email", Api.json("new_email", "fine@example.com"), user.accessToken())
			.assertProblem(400, "validation");
		api()
			.send(HttpMethod.POST, "/v1/auth/email",
					Api.json("current_password", user.password(), "new_email", "fine@example.com"), null, Map.of())
			.assertProblem(401, "unauthorized");
		assertThat(this.emails.claims(user.id())).isZero();
	}

	@Test
	void anEmailOfAnotherAccountOrOfItsOwnIsAConflict() {
		TestUser user = register();
		TestUser other = register();

		assertThat(this.emails.change(user, user.password(), other.email()).assertProblem(409, "conflict").toString())
			.contains("new_email");
		this.emails.change(user, user.password(), other.email().toUpperCase()).assertProblem(409, "conflict");
		this.emails.change(user, user.password(), user.email()).assertProblem(409, "conflict");

		assertThat(this.emails.claims(user.id())).isZero();
		assertThat(Mailbox.of(other.email())).hasSize(1);
	}

	@Test
	void theEmailOfADeletedAccountInItsCoolingOffIsAConflict() {
		TestUser user = register();
		TestUser deleted = register();
		api()
			.send(HttpMethod.DELETE, "/v1/users/me", Api.json("password", deleted.password()), deleted.accessToken(),
					Map.of())
			.assertStatus(202);

		this.emails.change(user, user.password(), deleted.email()).assertProblem(409, "conflict");
	}

	@Test
	void aClaimedEmailIsTakenForRegistrationsAndOtherChanges() {
		TestUser user = register();
		TestUser other = register();
		String newEmail = TestUsers.uniqueName("new") + "@example.com";
		this.emails.change(user, user.password(), newEmail).assertStatus(202);

		assertThat(this.emails.change(other, other.password(), newEmail.toUpperCase())
			.assertProblem(409, "conflict")
			.toString()).contains("new_email");
		assertThat(this.emails.register(newEmail).assertProblem(409, "conflict").toString()).contains("email");
		// the claimer may ask again: a new link replaces the first
		this.emails.change(user, user.password(), newEmail).assertStatus(202);
		assertThat(Mailbox.token(Mailbox.await(newEmail, 2))).isNotEqualTo(Mailbox.token(Mailbox.await(newEmail, 1)));
	}

	@Test
	void aNewerRequestVoidsTheOlderLinkAndFreesItsEmail() {
		TestUser user = register();
		TestUser other = register();
		String first = TestUsers.uniqueName("first") + "@example.com";
		String second = TestUsers.uniqueName("second") + "@example.com";
		this.emails.change(user, user.password(), first).assertStatus(202);
		String firstToken = Mailbox.token(Mailbox.await(first, 1));

		this.emails.change(user, user.password(), second).assertStatus(202);
		String secondToken = Mailbox.token(Mailbox.await(second, 1));

		this.emails.verify(firstToken).assertProblem(400, "invalid-token");
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email").asString())
			.isEqualTo(user.email());
		this.emails.login(user.email(), user.password()).assertStatus(200);
		this.emails.change(other, other.password(), first).assertStatus(202);
		this.emails.verify(secondToken).assertStatus(204);
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email").asString())
			.isEqualTo(second);
	}

	@Test
	void anEmailChangeDoesNotVoidTheVerificationLinkOfTheCurrentAddress() {
		TestUser user = register();
		String verification = Mailbox.token(Mailbox.await(user.email(), 1));
		String newEmail = TestUsers.uniqueName("new") + "@example.com";

		this.emails.change(user, user.password(), newEmail).assertStatus(202);
		this.emails.verify(verification).assertStatus(204);

		JsonNode me = api().get("/v1/users/me", user.accessToken()).assertStatus(200);
		assertThat(me.path("email").asString()).isEqualTo(user.email());
		assertThat(me.path("email_verified").asBoolean()).isTrue();
		this.emails.verify(Mailbox.token(Mailbox.await(newEmail, 1))).assertStatus(204);
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email").asString())
			.isEqualTo(newEmail);
	}

	@Test
	void anExpiredChangeFreesItsEmailAndItsLinkNoLongerWorks() {
		TestUser user = register();
		TestUser other = register();
		String newEmail = TestUsers.uniqueName("new") + "@example.com";
		this.emails.change(user, user.password(), newEmail).assertStatus(202);
		String token = Mailbox.token(Mailbox.await(newEmail, 1));
		assertThat(this.emails.claims(user.id())).isOne();
		OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
		this.shards.write(this.shards.shardOf(user.id()), () -> {
			this.shards.jdbc()
				.sql("UPDATE account_token SET expires_at = :past WHERE user_id = :id AND purpose = 'change-email'")
				.param("id", user.id())
				.param("past", past)
				.update();
		});
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("UPDATE email_claim SET expires_at = :past WHERE user_id = :id")
			.param("id", user.id())
			.param("past", past)
			.update());

		assertThat(this.sweeper.releaseExpiredClaims(Instant.now())).isPositive();

		assertThat(this.emails.claims(user.id())).isZero();
		this.emails.verify(token).assertProblem(400, "invalid-token");
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email").asString())
			.isEqualTo(user.email());
		this.emails.change(other, other.password(), newEmail).assertStatus(202);
	}

	@Test
	void theChangeTokenIsSignedForItsPurposeAndStoredOnlyAsADigest() {
		TestUser user = register();
		String newEmail = TestUsers.uniqueName("new") + "@example.com";
		this.emails.change(user, user.password(), newEmail).assertStatus(202);
		String token = Mailbox.token(Mailbox.await(newEmail, 1));
		String[] parts = token.split("\\.");
		String badMac = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A")
				+ parts[2].substring(1);

		this.emails.verify(badMac).assertProblem(400, "invalid-token");
		api()
			.post("/v1/auth/password-reset/confirm", Api.json("token", token, "new_password", "another password"), null)
			.assertProblem(400, "invalid-token");
		List<String> stored = this.shards.read(this.shards.shardOf(user.id()), () -> this.shards.jdbc()
			.sql("SELECT encode(token_hash, 'escape') || email || purpose FROM account_token WHERE user_id = :id "
					+ "UNION ALL SELECT model FROM mail_outbox WHERE user_id = :id")
			.param("id", user.id())
			.query(String.class)
			.list());
		assertThat(stored).isNotEmpty().noneMatch((row) -> row.contains(parts[2]));
	}

	@Test
	void masksTheNewAddressForTheNotice() {
		assertThat(EmailChangeService.mask("new.me@example.com")).isEqualTo("n***@example.com");
		assertThat(EmailChangeService.mask("a@b.example")).isEqualTo("a***@b.example");
	}

	private TestUser verifiedUser() {
		TestUser user = register();
		this.emails.verify(Mailbox.token(Mailbox.await(user.email(), 1))).assertStatus(204);
		return user;
	}

}
