package com.pixelgram.post.audience;

/**
 * The take-downs of reported posts and comments that moderators decided in user-service,
 * which the listener of {@code post-events} hands {@code PostTakenDown} and
 * {@code CommentTakenDown} to. Each deletes as the author would, and is safe to repeat.
 */
public interface ModeratorActions {

	/**
	 * Deletes a post, its likes and comments and its photos, with {@code PostDeleted}.
	 * @param postId the post
	 */
	void takeDownPost(long postId);

	/**
	 * Deletes a comment, with {@code CommentDeleted}.
	 * @param postId its post
	 * @param commentId the comment
	 */
	void takeDownComment(long postId, long commentId);

}
