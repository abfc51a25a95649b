package com.pixelgram.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the virtual users were told was done: every write that got a 2xx, and the writes
 * whose answer never came (no answer, or a 5xx) that a phone would send again. Likes,
 * follows and uploads (with their idempotency key) are sent again until they get an
 * answer; a comment cannot be, so it is only counted as perhaps done.
 */
final class Ledger {

	/** Acknowledged posts: post ID to author ID. */
	final Map<String, String> posts = new ConcurrentHashMap<>();

	/** Posts seen READY (in a feed or once published), which the users may like. */
	final Set<String> visiblePosts = ConcurrentHashMap.newKeySet();

	/** Acknowledged likes: post ID to the users who liked it. */
	final Map<String, Set<String>> likes = new ConcurrentHashMap<>();

	/** Acknowledged comments: post ID to comment IDs. */
	final Map<String, Set<String>> comments = new ConcurrentHashMap<>();

	/** Comments sent without an answer: post ID to how many. */
	final Map<String, AtomicInteger> uncertainComments = new ConcurrentHashMap<>();

	/** Acknowledged follows: follower ID to followee IDs. */
	final Map<String, Set<String>> follows = new ConcurrentHashMap<>();

	/** Writes sent without an answer, to send again. */
	final Set<Pending> pending = ConcurrentHashMap.newKeySet();

	/**
	 * A write to send again: a like ({@code target} the post), a follow (the followee) or
	 * an upload (the idempotency key).
	 *
	 * @param kind what it is
	 * @param user who sent it
	 * @param target what it names
	 */
	record Pending(Kind kind, User user, String target) {

	}

	enum Kind {

		LIKE, FOLLOW, UPLOAD

	}

	void post(String postId, String authorId) {
		this.posts.put(postId, authorId);
	}

	void like(String postId, String userId) {
		this.likes.computeIfAbsent(postId, (key) -> ConcurrentHashMap.newKeySet()).add(userId);
	}

	boolean liked(String postId, String userId) {
		return this.likes.getOrDefault(postId, Set.of()).contains(userId);
	}

	void comment(String postId, String commentId) {
		this.comments.computeIfAbsent(postId, (key) -> ConcurrentHashMap.newKeySet()).add(commentId);
	}

	void uncertainComment(String postId) {
		this.uncertainComments.computeIfAbsent(postId, (key) -> new AtomicInteger()).incrementAndGet();
	}

	void follow(String followerId, String followeeId) {
		this.follows.computeIfAbsent(followerId, (key) -> ConcurrentHashMap.newKeySet()).add(followeeId);
	}

	boolean follows(String followerId, String followeeId) {
		return this.follows.getOrDefault(followerId, Set.of()).contains(followeeId);
	}

	/** The users who follow this one. */
	List<String> followers(String userId) {
		return this.follows.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().contains(userId))
			.map(Map.Entry::getKey)
			.toList();
	}

}
