package com.pixelgram.user.account;

import java.time.Instant;

/**
 * A user's row in their logical shard, credentials included: never serialised as it is.
 *
 * @param id the user ID (its shard bits name the logical shard)
 * @param username as the user typed it; unique ignoring case
 * @param email as the user typed it; unique ignoring case
 * @param passwordHash Argon2id hash in Spring Security's encoded form
 * @param fullName display name, or {@code null}
 * @param bio short text, or {@code null}
 * @param profileImageUrl avatar URL, or {@code null}
 * @param emailVerified whether the email was verified (a verification or reset mail's
 * token)
 * @param followersCount denormalised count of the followers edges
 * @param followingCount denormalised count of the following edges
 * @param postsCount denormalised post count (0 until post events are consumed)
 * @param createdAt when the account was created
 * @param updatedAt when the profile last changed
 * @param isPrivate whether only approved followers see the user's posts
 */
public record Account(long id, String username, String email, String passwordHash, String fullName, String bio,
		String profileImageUrl, boolean emailVerified, long followersCount, long followingCount, long postsCount,
		Instant createdAt, Instant updatedAt, boolean isPrivate) {

	/** The public part, as cached and shown to other users. */
	public PublicAccount toPublic() {
		return new PublicAccount(this.id, this.username, this.fullName, this.bio, this.profileImageUrl,
				this.followersCount, this.followingCount, this.postsCount, this.createdAt, this.isPrivate);
	}

}
