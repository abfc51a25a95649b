package com.pixelgram.feed.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * post-service's internal API over in-memory posts and likes: batch posts (READY ones
 * only), an author's recent posts, the viewer's likes among posts.
 */
public final class PostServiceStub extends StubServer {

	private static final Pattern RECENT = Pattern.compile("/internal/users/(\\d+)/recent-posts");

	private final Map<Long, Post> posts = new ConcurrentHashMap<>();

	private final Set<String> likes = ConcurrentHashMap.newKeySet();

	public PostServiceStub(String internalToken) {
		super(internalToken);
	}

	/** A post by the author, made some time ago. */
	public Post post(long authorId, Duration age) {
		return post(authorId, age, 0, 0);
	}

	public Post post(long authorId, Duration age, long likes, long comments) {
		Instant createdAt = Instant.now().minus(age);
		Post post = new Post(TestIds.at(createdAt), authorId, createdAt, likes, comments);
		this.posts.put(post.id(), post);
		return post;
	}

	public void delete(long postId) {
		this.posts.remove(postId);
	}

	public void like(long userId, long postId) {
		this.likes.add(userId + ":" + postId);
	}

	/** The ID lists of every batch post call, in order. */
	public List<List<Long>> batchPostCalls() {
		return callsTo("/internal/posts").stream()
			.map((call) -> ids(call.substring(call.indexOf("ids=") + 4)))
			.toList();
	}

	@Override
	Object answer(String path, Map<String, String> query) {
		if (path.equals("/internal/posts")) {
			List<Map<String, Object>> found = new ArrayList<>();
			for (long id : ids(query.get("ids"))) {
				Post post = this.posts.get(id);
				if (post != null) {
					found.add(post.json());
				}
			}
			return Map.of("posts", found);
		}
		Matcher recent = RECENT.matcher(path);
		if (recent.matches()) {
			long authorId = Long.parseLong(recent.group(1));
			int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
			return Map.of("posts",
					this.posts.values()
						.stream()
						.filter((post) -> post.authorId() == authorId)
						.sorted(Comparator.comparingLong(Post::id).reversed())
						.limit(limit)
						.map(Post::json)
						.toList());
		}
		if (path.equals("/internal/likes")) {
			String viewer = query.get("user_id");
			return Map.of("post_ids",
					ids(query.get("post_ids")).stream()
						.filter((id) -> this.likes.contains(viewer + ":" + id))
						.map(String::valueOf)
						.toList());
		}
		return null;
	}

	/**
	 * A post of the stub.
	 *
	 * @param id the post ID (carrying its time)
	 * @param authorId its author
	 * @param createdAt when it was posted
	 * @param likes likes count
	 * @param comments comments count
	 */
	public record Post(long id, long authorId, Instant createdAt, long likes, long comments) {

		/** Every rendition's URL of a post, by name, as post-service names them. */
		public static Map<String, String> renditions(long postId) {
			Map<String, String> urls = new LinkedHashMap<>();
			for (String name : new String[] { "1080", "720", "480", "150" }) {
				urls.put(name, "https://cdn.test/p/" + postId + "/" + name + ".jpg");
			}
			return urls;
		}

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("post_id", Long.toString(this.id));
			json.put("user_id", Long.toString(this.authorId));
			json.put("caption", "caption of " + this.id);
			json.put("location", "Lisbon");
			json.put("alt_text", "alt of " + this.id);
			json.put("image_url", "https://cdn.test/p/" + this.id + "/1080.jpg");
			json.put("thumbnail_url", "https://cdn.test/p/" + this.id + "/150.jpg");
			json.put("renditions", renditions(this.id));
			json.put("width", 1080);
			json.put("height", 1350);
			json.put("likes_count", this.likes);
			json.put("comments_count", this.comments);
			json.put("upload_status", "READY");
			json.put("created_at", this.createdAt.toString());
			return json;
		}

	}

}
