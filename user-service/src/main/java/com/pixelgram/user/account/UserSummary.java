package com.pixelgram.user.account;

import com.pixelgram.id.JsonId;

/**
 * The small profile of a list item (followers, search results).
 *
 * @param userId the user ID
 * @param username the username
 * @param fullName display name, or {@code null}
 * @param profileImageUrl avatar URL, or {@code null}
 */
public record UserSummary(@JsonId long userId, String username, String fullName, String profileImageUrl) {

	public static UserSummary of(PublicAccount account) {
		return new UserSummary(account.id(), account.username(), account.fullName(), account.profileImageUrl());
	}

}
