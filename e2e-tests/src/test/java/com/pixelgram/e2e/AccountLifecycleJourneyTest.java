package com.pixelgram.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erin's account over its life, through the gateway, reading her mail as her mail client
 * would (IMAP on dev-stack's GreenMail): she verifies her email, changes her password,
 * forgets it and resets it, and logs her devices out. The requests that the gateway
 * limits per address before login come from fresh loopback addresses, so that the other
 * journeys' quotas stay whole.
 */
@ExtendWith(PixelgramStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountLifecycleJourneyTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final Api api = new Api(PixelgramStack.gateway());

	static final RawHttp http = new RawHttp("127.0.0.1", PixelgramStack.GATEWAY_PORT);

	static String username;

	static String email;

	/** The address the email change left. */
	static String previousEmail;

	static String password = "pw-" + UUID.randomUUID();

	static String accessToken;

	static String refreshToken;

	/** The access token of whoever moved the account to the new address. */
	static String newAddressToken;

	@BeforeAll
	static void register() {
		username = "erin_" + UUID.randomUUID().toString().substring(0, 8);
		email = username + "@example.com";
		JsonNode registered = publicPost("/v1/auth/register",
				Map.of("username", username, "email", email, "password", password), 201, "Pixelgram/3.0 (iPhone)");
		accessToken = registered.path("access_token").asString();
		refreshToken = registered.path("refresh_token").asString();
	}

	@Test
	@Order(1)
	void anUnverifiedAccountPostsAFewPhotosThenVerifiesItsEmailAndPostsOn() throws IOException {
		Mailbox.Mail verification = Mailbox.nth(email, 1);
		assertThat(verification.subject()).isEqualTo("Confirm your email address");
		assertThat(verification.plain()).contains("Hi " + username, "/verify-email?token=");
		assertThat(verification.html()).contains("<a href=\"https://pixelgram.dev/verify-email?token=");
		assertThat(api.get("/v1/users/me", accessToken).json().path("email_verified").asBoolean()).isFalse();

		for (int i = 0; i < 3; i++) {
			Api.Reply upload = upload();
			assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
		}
		Api.Reply refused = upload();
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.isProblem()).isTrue();
		assertThat(refused.text("type")).isEqualTo("https://pixelgram.dev/problems/email-not-verified");

		publicPost("/v1/auth/email/verify", Map.of("token", verification.token()), 204, null);
		assertThat(api.get("/v1/users/me", accessToken).json().path("email_verified").asBoolean()).isTrue();
		refresh();
		Api.Reply fourth = upload();
		assertThat(fourth.status()).as(fourth.toString()).isEqualTo(202);
		Api.Reply again = api.post("/v1/auth/email/verification", "", accessToken);
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
	}

	@Test
	@Order(2)
	void changingThePasswordLogsOutEveryOtherDevice() {
		JsonNode tablet = login(password, "Pixelgram/3.0 (iPad)");
		Api.Reply wrong = api.post("/v1/auth/password",
				json(Map.of("current_password", "not my password", "new_password", "whatever it is")), accessToken);
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
		assertThat(wrong.text("type")).isEqualTo("https://pixelgram.dev/problems/wrong-password");

		String newPassword = "pw-" + UUID.randomUUID();
		Api.Reply changed = api.post("/v1/auth/password",
				json(Map.of("current_password", password, "new_password", newPassword)), accessToken);

		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		password = newPassword;
		assertThat(refreshWith(tablet.path("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(refreshWith(refreshToken).status()).isEqualTo(401);
		accessToken = changed.text("access_token");
		refreshToken = changed.text("refresh_token");
		refresh();
		assertThat(Mailbox.nth(email, 2).subject()).isEqualTo("Your Pixelgram password was changed");
	}

	@Test
	@Order(3)
	void aForgottenPasswordIsResetFromTheMailAndEverySessionEnds() {
		String nobody = "nobody_" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		RawHttp.Response unknown = rawPost("/v1/auth/password-reset", Map.of("email", nobody), null);
		RawHttp.Response known = rawPost("/v1/auth/password-reset", Map.of("email", email), null);
		assertThat(unknown.status()).isEqualTo(202);
		assertThat(known.status()).isEqualTo(202);
		assertThat(unknown.text()).isEqualTo(known.text());

		Mailbox.Mail reset = Mailbox.nth(email, 3);
		assertThat(reset.subject()).isEqualTo("Reset your Pixelgram password");
		assertThat(reset.plain()).contains("/reset-password?token=", "15 minutes");
		String newPassword = "pw-" + UUID.randomUUID();
		publicPost("/v1/auth/password-reset/confirm", Map.of("token", reset.token(), "new_password", newPassword), 204,
				null);
		RawHttp.Response reused = rawPost("/v1/auth/password-reset/confirm",
				Map.of("token", reset.token(), "new_password", "another " + newPassword), null);
		assertThat(reused.status()).as(reused.toString()).isEqualTo(400);
		assertThat(reused.isProblem()).isTrue();

		assertThat(refreshWith(refreshToken).status()).isEqualTo(401);
		assertThat(Mailbox.read(nobody)).isEmpty();
		password = newPassword;
		JsonNode login = login(password, "Pixelgram/3.0 (iPhone)");
		accessToken = login.path("access_token").asString();
		refreshToken = login.path("refresh_token").asString();
	}

	@Test
	@Order(4)
	void sheSeesHerDevicesAndLogsThemOut() {
		JsonNode laptop = login(password, "Mozilla/5.0 (Macintosh)");

		JsonNode sessions = api.get("/v1/auth/sessions", accessToken).json().path("sessions");
		assertThat(sessions).hasSize(2);
		String laptopSession = null;
		for (JsonNode session : sessions) {
			if (session.path("user_agent").asString().equals("Mozilla/5.0 (Macintosh)")) {
				laptopSession = session.path("session_id").asString();
				assertThat(session.path("current").asBoolean()).isFalse();
			}
			else {
				assertThat(session.path("user_agent").asString()).isEqualTo("Pixelgram/3.0 (iPhone)");
				assertThat(session.path("current").asBoolean()).isTrue();
			}
			assertThat(session.path("created_at").asString()).isNotBlank();
			assertThat(session.path("last_used_at").asString()).isNotBlank();
		}
		assertThat(laptopSession).isNotNull();

		assertThat(api.delete("/v1/auth/sessions/" + laptopSession, accessToken).status()).isEqualTo(204);
		assertThat(refreshWith(laptop.path("refresh_token").asString()).status()).isEqualTo(401);
		refresh();
		assertThat(api.delete("/v1/auth/sessions/" + laptopSession, accessToken).status()).isEqualTo(404);

		long issued = issuedAt(accessToken);
		await().atMost(Duration.ofSeconds(2)).until(() -> System.currentTimeMillis() / 1000 > issued);
		assertThat(api.delete("/v1/auth/sessions", accessToken).status()).isEqualTo(204);
		assertThat(refreshWith(refreshToken).status()).isEqualTo(401);
		// logged out everywhere: the access tokens too, at the gateway
		await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/v1/users/me", accessToken).status() == 401);
	}

	@Test
	@Order(5)
	void sheMovesHerAccountToANewEmailOnceTheNewAddressConfirmsIt() {
		JsonNode phone = login(password, "Pixelgram/3.0 (iPhone)");
		accessToken = phone.path("access_token").asString();
		refreshToken = phone.path("refresh_token").asString();
		String newEmail = username + "-new@example.com";

		Api.Reply wrong = api.post("/v1/auth/email",
				json(Map.of("current_password", "not my password", "new_email", newEmail)), accessToken);
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
		assertThat(wrong.text("type")).isEqualTo("https://pixelgram.dev/problems/wrong-password");
		Api.Reply invalid = api.post("/v1/auth/email",
				json(Map.of("current_password", password, "new_email", "not an email")), accessToken);
		assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
		assertThat(invalid.isProblem()).isTrue();

		Api.Reply asked = api.post("/v1/auth/email", json(Map.of("current_password", password, "new_email", newEmail)),
				accessToken);
		assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
		Mailbox.Mail confirmation = Mailbox.nth(newEmail, 1);
		assertThat(confirmation.subject()).isEqualTo("Confirm your new email address");
		assertThat(api.get("/v1/users/me", accessToken).json().path("email").asString())
			.as("the old address until the new one confirms")
			.isEqualTo(email);

		publicPost("/v1/auth/email/verify", Map.of("token", confirmation.token()), 204, null);

		JsonNode me = api.get("/v1/users/me", accessToken).json();
		assertThat(me.path("email").asString()).isEqualTo(newEmail);
		assertThat(me.path("email_verified").asBoolean()).isTrue();
		Mailbox.Mail notice = awaitNotice(email);
		assertThat(notice.plain()).doesNotContain(newEmail).contains("reset your password");
		JsonNode byNewEmail = publicPost("/v1/auth/login", Map.of("email", newEmail, "password", password), 200,
				"Pixelgram/3.0 (iPhone)");
		assertThat(byNewEmail.path("access_token").asString()).isNotBlank();
		newAddressToken = byNewEmail.path("access_token").asString();
		RawHttp.Response byOldEmail = rawPost("/v1/auth/login", Map.of("email", email, "password", password), null);
		assertThat(byOldEmail.status()).as(byOldEmail.toString()).isEqualTo(401);
		previousEmail = email;
		email = newEmail;
	}

	@Test
	@Order(6)
	void sheTakesItBackWithTheUndoLinkOfTheNoticeAsIfTheChangeWereNotHers() {
		String newEmail = email;
		String oldEmail = previousEmail;
		Mailbox.Mail notice = awaitNotice(oldEmail);
		JsonNode session = login(password, "Pixelgram/3.0 (iPhone)");
		// tokens are dated in whole seconds, and the sign-out refuses those of seconds
		// before it
		long issued = issuedAt(newAddressToken);
		await().atMost(Duration.ofSeconds(2)).until(() -> System.currentTimeMillis() / 1000 > issued);
		assertThat(api.get("/v1/users/me", newAddressToken).status()).isEqualTo(200);

		publicPost("/v1/auth/email/undo", Map.of("token", notice.token()), 204, null);

		// the access token of the change is refused at the gateway
		await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/v1/users/me", newAddressToken).status() == 401);
		Api.Reply refused = api.get("/v1/users/me", newAddressToken);
		assertThat(refused.text("type")).isEqualTo("https://pixelgram.dev/problems/unauthorized");

		JsonNode byOldEmail = publicPost("/v1/auth/login", Map.of("email", oldEmail, "password", password), 200,
				"Pixelgram/3.0 (iPhone)");
		accessToken = byOldEmail.path("access_token").asString();
		refreshToken = byOldEmail.path("refresh_token").asString();
		JsonNode me = api.get("/v1/users/me", accessToken).json();
		assertThat(me.path("email").asString()).isEqualTo(oldEmail);
		assertThat(me.path("email_verified").asBoolean()).as("she read the mail").isTrue();
		RawHttp.Response byNewEmail = rawPost("/v1/auth/login", Map.of("email", newEmail, "password", password), null);
		assertThat(byNewEmail.status()).as(byNewEmail.toString()).isEqualTo(401);
		assertThat(refreshWith(session.path("refresh_token").asString()).status())
			.as("every session from before the undo ended")
			.isEqualTo(401);
		RawHttp.Response again = rawPost("/v1/auth/email/undo", Map.of("token", notice.token()), null);
		assertThat(again.status()).as("a link that works once").isEqualTo(400);
		email = oldEmail;
	}

	/** The {@code iat} of an access token, in epoch seconds. */
	private static long issuedAt(String accessToken) {
		String payload = accessToken.split("\\.")[1];
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
			.path("iat")
			.asLong();
	}

	/** The notice of a changed email, once it came. */
	private static Mailbox.Mail awaitNotice(String address) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			for (Mailbox.Mail mail : Mailbox.read(address)) {
				if (mail.subject().equals("Your Pixelgram email address was changed")) {
					return mail;
				}
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("no notice of the changed email reached " + address);
	}

	private static Api.Reply upload() throws IOException {
		return api.postMultipart("/v1/posts", accessToken, Map.of("caption", "erin's photo"), "image", "photo.jpg",
				"image/jpeg", Journeys.photo());
	}

	private static void refresh() {
		Api.Reply refreshed = refreshWith(refreshToken);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		accessToken = refreshed.text("access_token");
		refreshToken = refreshed.text("refresh_token");
	}

	private static Api.Reply refreshWith(String token) {
		return api.post("/v1/auth/refresh", json(Map.of("refresh_token", token)), null);
	}

	private static JsonNode login(String password, String userAgent) {
		return publicPost("/v1/auth/login", Map.of("username", username, "password", password), 200, userAgent);
	}

	private static JsonNode publicPost(String path, Map<String, String> body, int status, String userAgent) {
		RawHttp.Response reply = rawPost(path, body, userAgent);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
		return (reply.body().length > 0) ? JSON.readTree(reply.text()) : null;
	}

	private static RawHttp.Response rawPost(String path, Map<String, String> body, String userAgent) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		if (userAgent != null) {
			headers.put("User-Agent", userAgent);
		}
		try {
			return http.send(RawHttp.freshAddress(), "POST", path, headers,
					json(body).getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String json(Map<String, String> fields) {
		return JSON.writeValueAsString(fields);
	}

}
