package com.pixelgram.user.search;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Repository;

/**
 * Keeps the global search table in step with accounts. Runs inside the caller's global
 * transaction ({@link Shards#writeGlobal}).
 */
@Repository
public class SearchIndex {

	private final Shards shards;

	SearchIndex(Shards shards) {
		this.shards = shards;
	}

	/** Adds or replaces a user's entry. */
	public void put(long userId, String username, String fullName, String profileImageUrl) {
		this.shards.jdbc()
			.sql("""
					INSERT INTO user_search (user_id, username, full_name, profile_image_url, username_norm, full_name_norm)
					VALUES (:userId, :username, :fullName, :profileImageUrl, :usernameNorm, :fullNameNorm)
					ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, full_name = excluded.full_name,
					    profile_image_url = excluded.profile_image_url, username_norm = excluded.username_norm,
					    full_name_norm = excluded.full_name_norm
					""")
			.param("userId", userId)
			.param("username", username)
			.param("fullName", fullName)
			.param("profileImageUrl", profileImageUrl)
			.param("usernameNorm", SearchText.normalize(username))
			.param("fullNameNorm", SearchText.normalize(fullName))
			.update();
	}

	/** Removes a user's entry, if there is one. */
	public void remove(long userId) {
		this.shards.jdbc().sql("DELETE FROM user_search WHERE user_id = :userId").param("userId", userId).update();
	}

}
