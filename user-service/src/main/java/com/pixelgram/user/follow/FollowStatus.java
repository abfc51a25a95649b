package com.pixelgram.user.follow;

import com.pixelgram.id.JsonId;

/**
 * The state of the caller's edge to a user after a follow or an unfollow.
 *
 * @param userId the followed (or no longer followed) user
 * @param following whether the caller follows them now
 * @param followersCount their follower count now
 * @param status {@code following}, {@code requested} (a private account has the request
 * to approve), {@code not_following}; after an approval or a rejection, {@code approved}
 * or {@code rejected}
 */
record FollowStatus(@JsonId long userId, boolean following, long followersCount, String status) {

	static final String FOLLOWING = "following";

	static final String REQUESTED = "requested";

	static final String NOT_FOLLOWING = "not_following";

	static final String APPROVED = "approved";

	static final String REJECTED = "rejected";

}
