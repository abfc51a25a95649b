package com.pixelgram.user.auth;

import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;

/**
 * The calls the email-change tests make over the API, and the claims the global database
 * holds for an account's requested addresses.
 */
final class EmailChanges {

	private final Api api;

	private final Shards shards;

	EmailChanges(Api api, Shards shards) {
		this.api = api;
		this.shards = shards;
	}

	/** Asks to move the user's account to a new address, confirming with a password. */
	HttpReply change(TestUser user, String password, String newEmail) {
		return this.api.post("/v1/auth/email", Api.json("current_password", password, "new_email", newEmail),
				user.accessToken());
	}

	/** Follows a link mailed to confirm an address. */
	HttpReply verify(String token) {
		return this.api.post("/v1/auth/email/verify", Api.json("token", token), null);
	}

	HttpReply login(String email, String password) {
		return this.api.post("/v1/auth/login", Api.json("email", email, "password", password), null);
	}

	/** Registers a new account with the given address. */
	HttpReply register(String email) {
		return this.api.post("/v1/auth/register",
				Api.json("username", TestUsers.uniqueName("u"), "email", email, "password", TestUsers.PASSWORD), null);
	}

	/** How many addresses the user has claimed and not yet confirmed. */
	long claims(long userId) {
		return this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT count(*) FROM email_claim WHERE user_id = :id")
			.param("id", userId)
			.query(Long.class)
			.single());
	}

}
