package com.pixelgram.notification.push;

/**
 * A registered device of a user.
 *
 * @param userId the owner
 * @param platform {@code ios} or {@code android}
 * @param token the provider's registration token (never logged)
 */
record Device(long userId, String platform, String token) {

	@Override
	public String toString() {
		return "Device[userId=" + this.userId + ", platform=" + this.platform + "]";
	}

}
