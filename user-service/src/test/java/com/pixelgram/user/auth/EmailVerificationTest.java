package com.pixelgram.user.auth;

import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.Mailbox;
import com.pixelgram.user.support.TestUser;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class EmailVerificationTest extends UserIntegrationTest {

	@Test
	void registrationMailsALinkInPlainTextAndHtmlThatVerifiesTheEmailOnce() throws Exception {
		TestUser user = register();
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email_verified").asBoolean())
			.isFalse();
		assertThat(SignedJWT.parse(user.accessToken()).getJWTClaimsSet().getBooleanClaim("email_verified")).isFalse();

		MimeMessage mail = Mailbox.await(user.email(), 1);
		assertThat(Mailbox.subject(mail)).isEqualTo("Confirm your email address");
		assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("no-reply@pixelgram.dev");
		assertThat(mail.getContentType()).startsWith("multipart/mixed");
		assertThat(Mailbox.text(mail, "text/plain")).contains("Hi " + user.username())
			.contains("https://pixelgram.dev/verify-email?token=")
			.contains("48 hours");
		assertThat(Mailbox.text(mail, "text/html")).contains("<a href=\"https://pixelgram.dev/verify-email?token=");
		String token = Mailbox.token(mail);

		api().post("/v1/auth/email/verify", Api.json("token", token), null).assertStatus(204);

		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email_verified").asBoolean())
			.isTrue();
		api().post("/v1/auth/email/verify", Api.json("token", token), null).assertProblem(400, "invalid-token");
		JsonNode refreshed = api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null)
			.assertStatus(200);
		assertThat(SignedJWT.parse(refreshed.path("access_token").asString())
			.getJWTClaimsSet()
			.getBooleanClaim("email_verified")).isTrue();
		assertThat(refreshed.path("user").path("email_verified").asBoolean()).isTrue();
	}

	@Test
	void anotherUsersProfileDoesNotSayWhetherTheirEmailIsVerified() {
		TestUser user = register();
		TestUser other = register();

		JsonNode profile = api().get("/v1/users/" + other.id(), user.accessToken()).assertStatus(200);

		assertThat(profile.has("email_verified")).isFalse();
		assertThat(profile.has("email")).isFalse();
	}

	@Test
	void aNewLinkReplacesTheOldOneAndAVerifiedEmailNeedsNone() {
		TestUser user = register();
		String first = Mailbox.token(Mailbox.await(user.email(), 1));

		api().post("/v1/auth/email/verification", null, user.accessToken()).assertStatus(202);
		String second = Mailbox.token(Mailbox.await(user.email(), 2));

		assertThat(second).isNotEqualTo(first);
		api().post("/v1/auth/email/verify", Api.json("token", first), null).assertProblem(400, "invalid-token");
		api().post("/v1/auth/email/verify", Api.json("token", second), null).assertStatus(204);
		api().post("/v1/auth/email/verification", null, user.accessToken())
			.assertProblem(409, "email-already-verified");
	}

	@Test
	void aForgedOrMalformedTokenIsABadRequest() {
		TestUser user = register();
		String token = Mailbox.token(Mailbox.await(user.email(), 1));
		String[] parts = token.split("\\.");
		// the same nonce with another user's ID, and a signature flipped in one character
		String otherUser = (user.id() + 1) + "." + parts[1] + "." + parts[2];
		String badMac = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A")
				+ parts[2].substring(1);

		for (String forged : new String[] { otherUser, badMac, "not-a-token", "1.2.3" }) {
			api().post("/v1/auth/email/verify", Api.json("token", forged), null).assertProblem(400, "invalid-token");
		}
		api().post("/v1/auth/email/verify", "{}", null).assertProblem(400, "validation");
		api().post("/v1/auth/email/verify", Api.json("token", "x".repeat(101)), null).assertProblem(400, "validation");
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).path("email_verified").asBoolean())
			.isFalse();
	}

	@Test
	void aPasswordResetTokenDoesNotVerifyByThisEndpoint() {
		TestUser user = register();
		Mailbox.await(user.email(), 1);
		api().post("/v1/auth/password-reset", Api.json("email", user.email()), null).assertStatus(202);
		String resetToken = Mailbox.token(Mailbox.await(user.email(), 2));

		api().post("/v1/auth/email/verify", Api.json("token", resetToken), null).assertProblem(400, "invalid-token");
	}

	@Test
	void resendingNeedsAnAccessToken() {
		HttpReply reply = api().send(HttpMethod.POST, "/v1/auth/email/verification", null, null, Map.of());

		reply.assertProblem(401, "unauthorized");
	}

}
