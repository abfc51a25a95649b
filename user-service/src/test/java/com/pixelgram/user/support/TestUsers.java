package com.pixelgram.user.support;

import com.pixelgram.testsupport.HttpReply;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

/** Registers users with unique names through the API. */
public final class TestUsers {

	public static final String PASSWORD = "correct horse battery";

	private TestUsers() {
	}

	/**
	 * A username no other test uses: a prefix and random lower-case letters and digits.
	 */
	public static String uniqueName(String prefix) {
		return prefix + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
	}

	public static TestUser register(Api api) {
		return register(api, uniqueName("u"), null);
	}

	public static TestUser register(Api api, String username, String fullName) {
		String email = uniqueName("mail") + "@example.com";
		String body = (fullName != null)
				? Api.json("username", username, "email", email, "password", PASSWORD, "full_name", fullName)
				: Api.json("username", username, "email", email, "password", PASSWORD);
		HttpReply reply = api.post("/v1/auth/register", body, null);
		JsonNode json = reply.assertStatus(201);
		return new TestUser(Long.parseLong(json.path("user").path("user_id").asString()), username, email, PASSWORD,
				json.path("access_token").asString(), json.path("refresh_token").asString());
	}

}
