package com.pixelgram.user.profile;

import java.time.Instant;

import com.pixelgram.id.JsonId;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.PublicAccount;

/**
 * A profile as the API shows it. The email is there only for the user themself.
 *
 * @param userId the user ID
 * @param username the username
 * @param fullName display name
 * @param bio short text
 * @param profileImageUrl avatar URL
 * @param followersCount number of followers
 * @param followingCount number of followed users
 * @param postsCount number of posts (0 until post events are consumed)
 * @param createdAt when the account was created
 * @param isPrivate whether only approved followers see the user's posts
 * @param isFollowing whether the caller follows this user
 * @param email the email, on the caller's own profile only
 * @param emailVerified whether the email is verified, on the caller's own profile only
 */
public record UserProfile(@JsonId long userId, String username, String fullName, String bio, String profileImageUrl,
		long followersCount, long followingCount, long postsCount, Instant createdAt, boolean isPrivate,
		boolean isFollowing, String email, Boolean emailVerified) {

	/** The caller's own profile. */
	public static UserProfile own(Account account) {
		return new UserProfile(account.id(), account.username(), account.fullName(), account.bio(),
				account.profileImageUrl(), account.followersCount(), account.followingCount(), account.postsCount(),
				account.createdAt(), account.isPrivate(), false, account.email(), account.emailVerified());
	}

	/** Someone's profile as another user sees it. */
	public static UserProfile of(PublicAccount account, boolean isFollowing) {
		return new UserProfile(account.id(), account.username(), account.fullName(), account.bio(),
				account.profileImageUrl(), account.followersCount(), account.followingCount(), account.postsCount(),
				account.createdAt(), account.isPrivate(), isFollowing, null, null);
	}

}
