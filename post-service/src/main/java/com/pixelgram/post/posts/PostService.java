package com.pixelgram.post.posts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.pixelgram.events.PostDeleted;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.web.Paging;
import com.pixelgram.post.audience.Audience;
import com.pixelgram.post.media.MediaKeys;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;

import org.springframework.stereotype.Service;

/**
 * Reading and deleting posts: the cache in front of Postgres, the visibility rule (others
 * see a post only once READY), the viewer's like and the author's username.
 */
@Service
public class PostService {

	private final Shards shards;

	private final PostRepository posts;

	private final PostCache cache;

	private final AuthorDirectory authors;

	private final MediaKeys keys;

	private final EventPublisher events;

	private final MediaPurges purges;

	private final Audience audience;

	private final Clock clock = Clock.systemUTC();

	PostService(Shards shards, PostRepository posts, PostCache cache, AuthorDirectory authors, MediaKeys keys,
			EventPublisher events, MediaPurges purges, Audience audience) {
		this.audience = audience;
		this.shards = shards;
		this.posts = posts;
		this.cache = cache;
		this.authors = authors;
		this.keys = keys;
		this.events = events;
		this.purges = purges;
	}

	/**
	 * A post as the viewer may see it: not at all when its author and the viewer blocked
	 * each other or the author is private and the viewer no follower (primary-key probes
	 * in the author's shard, in the read that asks for the like).
	 * @throws ApiException 404 when it does not exist or is not visible to the viewer
	 */
	public PostView get(long viewerId, long postId) {
		int shard = this.shards.shardOf(postId);
		PostCache.Lookup lookup = this.cache.get(List.of(postId));
		PostView view = lookup.found().get(postId);
		if (view == null) {
			Post post = this.shards.read(shard, () -> this.posts.find(postId))
				.filter((found) -> found.visibleTo(viewerId))
				.orElseThrow(() -> notFound(postId));
			view = PostView.of(post, this.keys);
			this.cache.put(List.of(view), lookup);
		}
		long authorId = view.userId();
		boolean liked = this.shards.read(shard, () -> {
			if (!this.audience.maySee(authorId, viewerId)) {
				throw notFound(postId);
			}
			return this.posts.likedBy(viewerId, List.of(postId)).contains(postId);
		});
		return view.with(this.authors.username(view.userId()), liked);
	}

	/**
	 * A page of an author's posts, newest first: READY ones, and all of them for the
	 * author; none for a viewer blocked either way by the author (404) or who does not
	 * follow a private author (403).
	 */
	public List<PostView> byAuthor(long viewerId, long authorId, Paging paging) {
		int shard = this.shards.shardOf(authorId);
		boolean own = viewerId == authorId;
		List<Post> rows = this.shards.read(shard, () -> {
			if (this.audience.blockedEitherWay(authorId, viewerId)) {
				throw ApiException.notFound("There is no such user.");
			}
			if (!this.audience.maySee(authorId, viewerId)) {
				throw ApiException.forbidden("This account is private: only its followers see its posts.");
			}
			return this.posts.byAuthor(authorId, own, paging.offset(), paging.fetchSize());
		});
		Set<Long> liked = this.shards.read(shard,
				() -> this.posts.likedBy(viewerId, paging.trim(rows).stream().map(Post::postId).toList()));
		String username = rows.isEmpty() ? null : this.authors.username(authorId);
		List<PostView> views = new ArrayList<>();
		for (Post post : rows) {
			views.add(PostView.of(post, this.keys).with(username, liked.contains(post.postId())));
		}
		return views;
	}

	/**
	 * READY posts by ID for other services, in the order asked; unknown, foreign and
	 * unpublished IDs are left out.
	 */
	public List<PostView> readyByIds(List<Long> ids) {
		List<Long> unique = new ArrayList<>(new LinkedHashSet<>(ids));
		PostCache.Lookup lookup = this.cache.get(unique);
		Map<Long, PostView> found = new LinkedHashMap<>(lookup.found());
		Map<Integer, List<Long>> missingByShard = new TreeMap<>();
		for (long id : unique) {
			if (!found.containsKey(id)) {
				int shard = IdGenerator.shardOf(id);
				if (shard < this.shards.count()) {
					missingByShard.computeIfAbsent(shard, (key) -> new ArrayList<>()).add(id);
				}
			}
		}
		List<PostView> loaded = new ArrayList<>();
		missingByShard.forEach((shard, shardIds) -> this.shards.read(shard, () -> this.posts.readyByIds(shardIds))
			.forEach((post) -> loaded.add(PostView.of(post, this.keys))));
		this.cache.put(loaded, lookup);
		loaded.forEach((view) -> found.put(view.postId(), view));
		Map<Long, String> usernames = this.authors
			.usernames(found.values().stream().map(PostView::userId).distinct().toList());
		List<PostView> result = new ArrayList<>();
		for (long id : unique) {
			PostView view = found.get(id);
			if (view != null) {
				result.add(view.with(usernames.get(view.userId()), null));
			}
		}
		return result;
	}

	/**
	 * Which of the posts (of any shards) the user likes: one query per physical database,
	 * over the schemas of its shards, rather than a transaction per shard (a feed page's
	 * twenty posts span most shards, and this runs on every feed read).
	 */
	public Set<Long> likedAmong(long userId, List<Long> postIds) {
		Map<String, Map<Integer, List<Long>>> byDatabase = new TreeMap<>();
		for (long id : new LinkedHashSet<>(postIds)) {
			int shard = IdGenerator.shardOf(id);
			if (shard < this.shards.count()) {
				byDatabase.computeIfAbsent(this.shards.databaseOf(shard).name(), (key) -> new TreeMap<>())
					.computeIfAbsent(shard, (key) -> new ArrayList<>())
					.add(id);
			}
		}
		Set<Long> liked = new java.util.HashSet<>();
		byDatabase.values()
			.forEach((byShard) -> liked.addAll(
					this.shards.read(byShard.keySet().iterator().next(), () -> this.posts.likedBy(userId, byShard))));
		return liked;
	}

	/** An author's newest READY posts, for feed-service. */
	public List<PostView> recent(long authorId, int limit) {
		int shard = this.shards.shardOf(authorId);
		List<Post> rows = this.shards.read(shard, () -> this.posts.byAuthor(authorId, false, 0, limit));
		String username = rows.isEmpty() ? null : this.authors.username(authorId);
		return rows.stream().map((post) -> PostView.of(post, this.keys).with(username, null)).toList();
	}

	/**
	 * Deletes a post of the viewer's: the row with its likes and comments, then its
	 * objects in S3 through a durable purge job; {@code PostDeleted} goes out with it.
	 * @throws ApiException 404 when unknown (or not visible), 403 when not the viewer's
	 */
	public void delete(long viewerId, long postId) {
		int shard = this.shards.shardOf(postId);
		this.shards.write(shard, () -> {
			Post post = this.posts.findForUpdate(postId)
				.filter((found) -> found.visibleTo(viewerId))
				.orElseThrow(() -> notFound(postId));
			if (post.userId() != viewerId) {
				throw ApiException.forbidden("Only the author may delete a post.");
			}
			this.posts.delete(postId);
			this.purges.schedule(postId, post.mediaKey());
			Instant now = this.clock.instant();
			this.events.publish(new PostDeleted(postId, post.userId(), now));
		});
		this.cache.evict(postId);
		this.purges.wake(shard, postId);
	}

	static ApiException notFound(long postId) {
		return ApiException.notFound("There is no post " + postId + ".");
	}

	/**
	 * Removal of a post's objects, done by the media workers; scheduled in the
	 * transaction that deletes the post.
	 */
	public interface MediaPurges {

		/** Records, in the current shard transaction, that the objects must go. */
		void schedule(long postId, String mediaKey);

		/** Asks a worker to do it now, after commit. */
		void wake(int shard, long postId);

	}

}
