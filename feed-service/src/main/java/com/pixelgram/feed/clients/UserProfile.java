package com.pixelgram.feed.clients;

import com.pixelgram.id.JsonId;

/**
 * A user's public profile as user-service's batch read returns it.
 *
 * @param userId the user ID
 * @param username the username
 * @param fullName display name, or {@code null}
 * @param profileImageUrl avatar URL, or {@code null}
 * @param followersCount how many users follow them
 */
public record UserProfile(@JsonId long userId, String username, String fullName, String profileImageUrl,
		long followersCount) {

}
