package com.pixelgram.post.erasure;

import com.pixelgram.post.audience.ModeratorActions;
import com.pixelgram.post.comment.CommentService;
import com.pixelgram.post.posts.PostService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Takes reported posts and comments down through the deletions their authors use, so that
 * counts, feeds, tags and notifications follow their {@code PostDeleted} and
 * {@code CommentDeleted}.
 */
@Service
class TakeDowns implements ModeratorActions {

	private static final Logger log = LoggerFactory.getLogger(TakeDowns.class);

	private final PostService posts;

	private final CommentService comments;

	TakeDowns(PostService posts, CommentService comments) {
		this.posts = posts;
		this.comments = comments;
	}

	@Override
	public void takeDownPost(long postId) {
		if (this.posts.erase(postId)) {
			log.info("Took post {} down", postId);
		}
	}

	@Override
	public void takeDownComment(long postId, long commentId) {
		if (this.comments.takeDown(postId, commentId)) {
			log.info("Took comment {} of post {} down", commentId, postId);
		}
	}

}
