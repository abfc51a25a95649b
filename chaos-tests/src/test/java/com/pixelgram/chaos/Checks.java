package com.pixelgram.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * What must hold once a fault is over, read back through the API: every acknowledged
 * write is there (none lost); every event had its effect exactly once at each consumer
 * (post-service's counts equal the likes and comments it lists, user-service's counts
 * equal the follows and posts, feed-service's copies of the counts equal post-service's,
 * notification-service has one FOLLOW notification per follower); and each user's feed
 * holds the recent posts of the people they follow, and their own, each exactly once.
 */
final class Checks {

	private static final int PAGE = 100;

	/**
	 * A follow brings the followee's 20 newest posts into the feed, and so does a rebuild
	 * after Redis lost the feed (feed-service's {@code backfill-posts} and
	 * {@code rebuild-posts-per-followee}); every post after it is pushed. So the newest
	 * 20 of each author must be there, and older ones may.
	 */
	private static final int RECENT_PER_AUTHOR = 20;

	private final Client client;

	private final Ledger ledger;

	private final List<User> users;

	Checks(Client client, Ledger ledger, List<User> users) {
		this.client = client;
		this.ledger = ledger;
		this.users = users;
	}

	/**
	 * The outcome of one pass.
	 *
	 * @param lost acknowledged writes not found
	 * @param problems everything that does not hold, lost writes included
	 */
	record Outcome(int lost, List<String> problems) {

		boolean passed() {
			return this.problems.isEmpty();
		}

	}

	Outcome run() {
		List<String> problems = new ArrayList<>();
		AtomicInteger lost = new AtomicInteger();
		Map<String, User> byId = new HashMap<>();
		this.users.forEach((user) -> byId.put(user.id(), user));
		User reader = this.users.get(0);
		Map<String, long[]> counts = new HashMap<>();
		for (Map.Entry<String, String> entry : Map.copyOf(this.ledger.posts).entrySet()) {
			String postId = entry.getKey();
			Client.Reply post = this.client.get("", -1, "/v1/posts/" + postId, byId.get(entry.getValue()).token());
			if (post.status() == 404) {
				lost.incrementAndGet();
				problems.add("post " + postId + " lost: " + post);
				continue;
			}
			if (post.status() != 200) {
				problems.add("post " + postId + ": " + post);
				continue;
			}
			JsonNode body = post.json();
			if (!"READY".equals(body.path("upload_status").asString())) {
				problems.add("post " + postId + " is " + body.path("upload_status").asString());
			}
			long likesCount = body.path("likes_count").asLong();
			long commentsCount = body.path("comments_count").asLong();
			counts.put(postId, new long[] { likesCount, commentsCount });
			Set<String> likers = list("/v1/posts/" + postId + "/likes", "likes", "user_id", reader, problems);
			Set<String> liked = this.ledger.likes.getOrDefault(postId, Set.of());
			for (String user : liked) {
				if (!likers.contains(user)) {
					lost.incrementAndGet();
					problems.add("like of " + user + " on " + postId + " lost");
				}
			}
			if (!liked.containsAll(likers)) {
				problems.add("post " + postId + " has likes nobody was told of: " + likers + " against " + liked);
			}
			if (likesCount != likers.size()) {
				problems.add("post " + postId + " likes_count " + likesCount + " but " + likers.size() + " likes");
			}
			Set<String> comments = list("/v1/posts/" + postId + "/comments", "comments", "comment_id", reader,
					problems);
			Set<String> commented = this.ledger.comments.getOrDefault(postId, Set.of());
			for (String comment : commented) {
				if (!comments.contains(comment)) {
					lost.incrementAndGet();
					problems.add("comment " + comment + " on " + postId + " lost");
				}
			}
			int uncertain = this.ledger.uncertainComments.getOrDefault(postId, new AtomicInteger()).get();
			if (comments.size() > commented.size() + uncertain) {
				problems.add("post " + postId + " has " + comments.size() + " comments, " + commented.size()
						+ " acknowledged and " + uncertain + " unanswered");
			}
			if (commentsCount != comments.size()) {
				problems.add("post " + postId + " comments_count " + commentsCount + " but " + comments.size()
						+ " comments");
			}
		}
		for (User user : this.users) {
			checkUser(user, reader, lost, problems);
			checkFeed(user, counts, problems);
			checkFollowNotifications(user, problems);
		}
		return new Outcome(lost.get(), problems);
	}

	private void checkUser(User user, User reader, AtomicInteger lost, List<String> problems) {
		Set<String> followees = this.ledger.follows.getOrDefault(user.id(), Set.of());
		Set<String> following = list("/v1/users/" + user.id() + "/following", "following", "user_id", reader, problems);
		for (String followee : followees) {
			if (!following.contains(followee)) {
				lost.incrementAndGet();
				problems.add(user + " following " + followee + " lost");
			}
		}
		Client.Reply profile = this.client.get("", -1, "/v1/users/" + user.id(), reader.token());
		if (profile.status() != 200) {
			problems.add("profile of " + user + ": " + profile);
			return;
		}
		JsonNode body = profile.json();
		long posts = this.ledger.posts.values().stream().filter(user.id()::equals).count();
		expect(problems, user + " followers_count", body.path("followers_count").asLong(),
				this.ledger.followers(user.id()).size());
		expect(problems, user + " following_count", body.path("following_count").asLong(), followees.size());
		expect(problems, user + " posts_count", body.path("posts_count").asLong(), posts);
	}

	private void checkFeed(User user, Map<String, long[]> counts, List<String> problems) {
		Set<String> authors = new HashSet<>(this.ledger.follows.getOrDefault(user.id(), Set.of()));
		authors.add(user.id());
		Set<String> allowed = new HashSet<>();
		Map<String, List<Long>> byAuthor = new HashMap<>();
		this.ledger.posts.forEach((post, author) -> {
			if (authors.contains(author)) {
				allowed.add(post);
				byAuthor.computeIfAbsent(author, (key) -> new ArrayList<>()).add(Long.parseLong(post));
			}
		});
		Set<String> expected = new HashSet<>();
		byAuthor.values()
			.forEach((posts) -> posts.stream()
				.sorted(Comparator.reverseOrder())
				.limit(RECENT_PER_AUTHOR)
				.forEach((post) -> expected.add(Long.toString(post))));
		List<String> seen = new ArrayList<>();
		String cursor = null;
		for (int page = 0; page < 20; page++) {
			String path = "/v1/feed?order=latest&limit=" + PAGE + ((cursor != null) ? "&cursor=" + cursor : "");
			Client.Reply feed = this.client.get("", -1, path, user.token());
			if (feed.status() != 200) {
				problems.add("feed of " + user + ": " + feed);
				return;
			}
			JsonNode body = feed.json();
			for (JsonNode item : body.path("posts")) {
				String post = item.path("post_id").asString();
				seen.add(post);
				long[] postCounts = counts.get(post);
				if (postCounts != null && (item.path("likes_count").asLong() != postCounts[0]
						|| item.path("comments_count").asLong() != postCounts[1])) {
					problems.add("feed of " + user + ": post " + post + " counts " + item.path("likes_count").asLong()
							+ "/" + item.path("comments_count").asLong() + ", post-service " + postCounts[0] + "/"
							+ postCounts[1]);
				}
				if (item.path("liked_by_me").asBoolean() != this.ledger.liked(post, user.id())) {
					problems.add("feed of " + user + ": post " + post + " liked_by_me "
							+ item.path("liked_by_me").asBoolean());
				}
			}
			cursor = body.path("next_cursor").asString(null);
			if (cursor == null || body.path("posts").isEmpty()) {
				break;
			}
		}
		Set<String> distinct = new HashSet<>(seen);
		if (distinct.size() != seen.size()) {
			problems.add("feed of " + user + " repeats posts: " + seen);
		}
		Set<String> missing = new HashSet<>(expected);
		missing.removeAll(distinct);
		Set<String> extra = new HashSet<>(distinct);
		extra.removeAll(allowed);
		if (!missing.isEmpty()) {
			problems
				.add("feed of " + user + " lacks " + missing.size() + " of " + expected.size() + " posts: " + missing);
		}
		if (!extra.isEmpty()) {
			problems.add("feed of " + user + " has posts of nobody they follow: " + extra);
		}
	}

	/**
	 * notification-service tells each user of each follower once: one FOLLOW notification
	 * per follower, never two.
	 */
	private void checkFollowNotifications(User user, List<String> problems) {
		List<String> actors = new ArrayList<>();
		for (int page = 1; page <= 100; page++) {
			Client.Reply reply = this.client.get("", -1, "/v1/notifications?limit=" + PAGE + "&page=" + page,
					user.token());
			if (reply.status() != 200) {
				problems.add("notifications of " + user + ": " + reply);
				return;
			}
			JsonNode items = reply.json().path("notifications");
			items.forEach((item) -> {
				if ("FOLLOW".equals(item.path("type").asString())) {
					actors.add(item.path("actor").path("user_id").asString());
				}
			});
			if (items.size() < PAGE) {
				break;
			}
		}
		List<String> followers = this.ledger.followers(user.id());
		if (actors.size() != followers.size() || !actors.containsAll(followers)) {
			problems.add(user + " has FOLLOW notifications from " + actors + ", followers " + followers);
		}
	}

	/** Every page of a list, as the set of one field of its items. */
	private Set<String> list(String path, String array, String field, User reader, List<String> problems) {
		Set<String> values = new HashSet<>();
		for (int page = 1; page <= 100; page++) {
			Client.Reply reply = this.client.get("", -1, path + "?limit=" + PAGE + "&page=" + page, reader.token());
			if (reply.status() != 200) {
				problems.add(path + ": " + reply);
				return values;
			}
			JsonNode items = reply.json().path(array);
			items.forEach((item) -> values.add(item.path(field).asString()));
			if (items.size() < PAGE) {
				break;
			}
		}
		return values;
	}

	private static void expect(List<String> problems, String what, long actual, long expected) {
		if (actual != expected) {
			problems.add(what + " is " + actual + ", expected " + expected);
		}
	}

}
