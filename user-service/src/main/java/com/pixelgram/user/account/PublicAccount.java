package com.pixelgram.user.account;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * What anyone may see of an account; the unit of the profile cache.
 *
 * @param id the user ID
 * @param username the username
 * @param fullName display name, or {@code null}
 * @param bio short text, or {@code null}
 * @param profileImageUrl avatar URL, or {@code null}
 * @param followersCount number of followers
 * @param followingCount number of followed users
 * @param postsCount number of posts
 * @param createdAt when the account was created
 * @param isPrivate whether only approved followers see the user's posts
 */
public record PublicAccount(@JsonId long id, String username, String fullName, String bio, String profileImageUrl,
		long followersCount, long followingCount, long postsCount, Instant createdAt, boolean isPrivate) {

}
