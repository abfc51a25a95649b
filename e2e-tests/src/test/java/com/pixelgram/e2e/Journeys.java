package com.pixelgram.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every journey starts with: people with accounts. */
final class Journeys {

	private Journeys() {
	}

	record Account(String id, String username, String password, String accessToken, String refreshToken) {
	}

	/**
	 * Registers a new account whose username starts with the hint (from a loopback
	 * address of its own, as every unauthenticated sign-up of {@link Api} goes out).
	 */
	static Account register(Api api, String hint) {
		String username = hint + "_" + UUID.randomUUID().toString().substring(0, 8);
		String password = "pw-" + UUID.randomUUID();
		Api.Reply reply = api.post("/v1/auth/register", "{\"username\":\"" + username + "\",\"email\":\"" + username
				+ "@example.com\",\"password\":\"" + password + "\",\"full_name\":\"" + hint + "\"}", null);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		JsonNode body = reply.json();
		return new Account(body.path("user").path("user_id").asString(), username, password,
				body.path("access_token").asString(), body.path("refresh_token").asString());
	}

	/**
	 * Verifies the account's email with the link of its verification mail, read over
	 * IMAP, and refreshes its tokens so that they say so.
	 * @return the account with the refreshed tokens
	 */
	static Account verifyEmail(Api api, Account account) {
		String token = Mailbox.nth(account.username() + "@example.com", 1).token();
		Api.Reply verified = api.post("/v1/auth/email/verify", "{\"token\":\"" + token + "\"}", null);
		assertThat(verified.status()).as(verified.toString()).isEqualTo(204);
		Api.Reply refreshed = api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + account.refreshToken() + "\"}",
				null);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		return new Account(account.id(), account.username(), account.password(), refreshed.text("access_token"),
				refreshed.text("refresh_token"));
	}

	/**
	 * Uploads the test photo with a caption and waits until the post is READY.
	 * @return the post's ID
	 */
	static String uploadAndAwaitReady(Api api, Account author, String caption) throws IOException {
		return uploadAndAwaitReady(api, author, Map.of("caption", caption));
	}

	/**
	 * Uploads the test photo with these text fields (caption, location, alt_text) and
	 * waits until the post is READY.
	 * @return the post's ID
	 */
	static String uploadAndAwaitReady(Api api, Account author, Map<String, String> fields) throws IOException {
		Api.Reply upload = api.postMultipart("/v1/posts", author.accessToken(), fields, "image", "photo.jpg",
				"image/jpeg", photo());
		assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
		String postId = upload.text("post_id");
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> "READY".equals(api.get("/v1/posts/" + postId, author.accessToken()).text("upload_status")));
		return postId;
	}

	/** The test photo: a JPEG with GPS coordinates in its EXIF. */
	static byte[] photo() throws IOException {
		try (InputStream in = Journeys.class.getResourceAsStream("/photo-gps.jpg")) {
			return in.readAllBytes();
		}
	}

}
