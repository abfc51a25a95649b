package com.pixelgram.post.audience;

import java.time.Instant;

/**
 * The erasure of a deleted account's posts, likes, comments and photos, which the
 * listener of {@code post-events} hands {@code UserDeleted} to.
 */
public interface AccountErasure {

	/**
	 * Erases everything this service holds of the account; safe to call again.
	 * @param userId the deleted account
	 * @param deletedAt when it was deleted
	 */
	void erase(long userId, Instant deletedAt);

	/**
	 * Whether an account is being erased: the events its erasure sends (the unfollows of
	 * its follows) come after {@code UserDeleted} and must not write copies of it back.
	 * @param userId the account
	 */
	boolean isErased(long userId);

}
