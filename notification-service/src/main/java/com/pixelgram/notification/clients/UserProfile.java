package com.pixelgram.notification.clients;

/**
 * What notifications show of a user, from user-service.
 *
 * @param userId the user ID
 * @param username the username
 * @param fullName display name, or {@code null}
 * @param profileImageUrl avatar URL, or {@code null}
 * @param followersCount number of followers
 */
public record UserProfile(long userId, String username, String fullName, String profileImageUrl, long followersCount) {

}
