package com.pixelgram.user.follow;

import com.pixelgram.id.JsonId;

/**
 * The state of the caller's edge to a user after a follow or an unfollow.
 *
 * @param userId the followed (or no longer followed) user
 * @param following whether the caller follows them now
 * @param followersCount their follower count now
 */
record FollowStatus(@JsonId long userId, boolean following, long followersCount) {

}
