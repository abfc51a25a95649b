package com.pixelgram.feed.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * user-service's internal API over an in-memory follow graph: follower and following
 * pages with cursors, muted accounts, batch profiles (every ID is a user named
 * {@code user<id>}).
 */
public final class UserServiceStub extends StubServer {

	private static final Pattern ID_LIST = Pattern.compile("/internal/users/(\\d+)/(followers|following|muted)");

	private final Map<Long, NavigableSet<Long>> followers = new ConcurrentHashMap<>();

	private final Map<Long, NavigableSet<Long>> following = new ConcurrentHashMap<>();

	private final Map<Long, NavigableSet<Long>> muted = new ConcurrentHashMap<>();

	private final Map<Long, Long> followerCounts = new ConcurrentHashMap<>();

	private final Map<Long, String> usernames = new ConcurrentHashMap<>();

	private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

	private volatile Duration followerPageDelay = Duration.ZERO;

	private volatile Duration followingPageDelay = Duration.ZERO;

	public UserServiceStub(String internalToken) {
		super(internalToken);
	}

	public void follow(long followerId, long followeeId) {
		this.followers.computeIfAbsent(followeeId, (id) -> new ConcurrentSkipListSet<>()).add(followerId);
		this.following.computeIfAbsent(followerId, (id) -> new ConcurrentSkipListSet<>()).add(followeeId);
	}

	public void unfollow(long followerId, long followeeId) {
		this.followers.getOrDefault(followeeId, new ConcurrentSkipListSet<>()).remove(followerId);
		this.following.getOrDefault(followerId, new ConcurrentSkipListSet<>()).remove(followeeId);
	}

	public void mute(long muterId, long mutedId) {
		this.muted.computeIfAbsent(muterId, (id) -> new ConcurrentSkipListSet<>()).add(mutedId);
	}

	public void followers(long authorId, Collection<Long> followerIds) {
		followerIds.forEach((followerId) -> follow(followerId, authorId));
	}

	/** Overrides the follower count a profile reports (a celebrity without the list). */
	public void followerCount(long userId, long count) {
		this.followerCounts.put(userId, count);
	}

	/** Changes the username a profile reports (a user who renamed themselves). */
	public void rename(long userId, String username) {
		this.usernames.put(userId, username);
	}

	/** The next call for this follower page answers 500, once. */
	public void failFollowersPageOnce(long authorId, Long after) {
		this.failOnce.add(authorId + ":" + after);
	}

	/** Every follower page takes this long to answer: a fanout that is slow to walk. */
	public void followerPageDelay(Duration delay) {
		this.followerPageDelay = delay;
	}

	/** Every page of whom a user follows takes this long to answer: a slow pull. */
	public void followingPageDelay(Duration delay) {
		this.followingPageDelay = delay;
	}

	/** The {@code after} cursors of every follower page asked for, in order. */
	public List<String> followerCursors(long authorId) {
		String prefix = "/internal/users/" + authorId + "/followers";
		List<String> cursors = new ArrayList<>();
		for (String call : callsTo(prefix)) {
			Matcher after = Pattern.compile("after=(\\d+)").matcher(call);
			cursors.add(after.find() ? after.group(1) : "start");
		}
		return cursors;
	}

	@Override
	Object answer(String path, Map<String, String> query) {
		Matcher list = ID_LIST.matcher(path);
		if (list.matches()) {
			long userId = Long.parseLong(list.group(1));
			Long after = query.containsKey("after") ? Long.valueOf(query.get("after")) : null;
			if (list.group(2).equals("followers") && this.failOnce.remove(userId + ":" + after)) {
				throw new StubFailure("injected failure");
			}
			pause(list.group(2).equals("followers") ? this.followerPageDelay : this.followingPageDelay);
			int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
			Map<Long, NavigableSet<Long>> graph = switch (list.group(2)) {
				case "followers" -> this.followers;
				case "following" -> this.following;
				default -> this.muted;
			};
			return page(graph.getOrDefault(userId, new ConcurrentSkipListSet<>()), after, limit);
		}
		if (path.equals("/internal/users")) {
			List<Map<String, Object>> users = new ArrayList<>();
			for (long id : ids(query.get("ids"))) {
				Map<String, Object> user = new LinkedHashMap<>();
				user.put("user_id", Long.toString(id));
				user.put("username", this.usernames.getOrDefault(id, "user" + id));
				user.put("full_name", "User " + id);
				user.put("profile_image_url", "https://cdn.test/avatars/" + id + ".jpg");
				user.put("followers_count", this.followerCounts.getOrDefault(id,
						(long) this.followers.getOrDefault(id, new ConcurrentSkipListSet<>()).size()));
				users.add(user);
			}
			return Map.of("users", users);
		}
		return null;
	}

	private static void pause(Duration delay) {
		if (delay.isZero()) {
			return;
		}
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, Object> page(NavigableSet<Long> ids, Long after, int limit) {
		NavigableSet<Long> rest = (after != null) ? ids.tailSet(after, false) : ids;
		List<String> page = rest.stream().limit(limit).map(String::valueOf).toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("user_ids", page);
		if (!page.isEmpty() && rest.size() > page.size()) {
			body.put("next_after", page.get(page.size() - 1));
		}
		return body;
	}

}
