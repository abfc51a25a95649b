package com.pixelgram.post.posts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostEdited;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.web.FieldViolation;
import com.pixelgram.web.Paging;
import com.pixelgram.post.PostProperties;
import com.pixelgram.post.UserText;
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

	private final PostProperties properties;

	private final TagIndex tags;

	private final MentionEvents mentionEvents;

	/** Batches of index rows a page of a hashtag reads at most. */
	private static final int TAG_PAGE_ROUNDS = 4;

	private final Clock clock = Clock.systemUTC();

	PostService(Shards shards, PostRepository posts, PostCache cache, AuthorDirectory authors, MediaKeys keys,
			EventPublisher events, MediaPurges purges, PostProperties properties, TagIndex tags, Audience audience,
			MentionEvents mentionEvents) {
		this.audience = audience;
		this.mentionEvents = mentionEvents;
		this.shards = shards;
		this.posts = posts;
		this.cache = cache;
		this.authors = authors;
		this.keys = keys;
		this.events = events;
		this.purges = purges;
		this.properties = properties;
		this.tags = tags;
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
			if (this.audience.blockedEitherWay(authorId, viewerId) || (!own && this.audience.suspended(authorId))) {
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
		Post deleted = this.shards.write(shard, () -> {
			Post post = this.posts.findForUpdate(postId)
				.filter((found) -> found.visibleTo(viewerId))
				.orElseThrow(() -> notFound(postId));
			if (post.userId() != viewerId) {
				throw ApiException.forbidden("Only the author may delete a post.");
			}
			remove(post);
			return post;
		});
		afterRemoval(shard, deleted);
	}

	/**
	 * Deletes a post of a deleted account, whatever its state, as its author would: likes
	 * and comments with it, objects through the purge job, {@code PostDeleted}.
	 * @return whether the post was still there
	 */
	public boolean erase(long postId) {
		int shard = this.shards.shardOf(postId);
		Optional<Post> deleted = this.shards.write(shard, () -> {
			Optional<Post> post = this.posts.findForUpdate(postId);
			post.ifPresent(this::remove);
			return post;
		});
		deleted.ifPresent((post) -> afterRemoval(shard, post));
		return deleted.isPresent();
	}

	private void remove(Post post) {
		this.posts.delete(post.postId());
		this.purges.schedule(post.postId(), post.mediaKey(), post.photos().size());
		Instant now = this.clock.instant();
		this.events.publish(new PostDeleted(post.postId(), post.userId(), now));
	}

	private void afterRemoval(int shard, Post post) {
		this.cache.evict(post.postId());
		this.tags.removeQuietly(post.postId(), post.hashtags());
		this.purges.wake(shard, post.postId());
	}

	/**
	 * Edits the text of a post of the viewer's: what the edit names changes, the rest
	 * stays. A published post's edit goes out as {@code PostEdited} in the same
	 * transaction; an edit that changes nothing changes nothing, {@code edited_at}
	 * included, so that a retried request is harmless.
	 * @throws ApiException 400 for an empty or invalid edit, 404 when unknown (or not
	 * visible), 403 when not the viewer's
	 */
	PostView edit(long viewerId, long postId, TextEdit edit) {
		validate(edit);
		// Resolved before the transaction: it asks user-service.
		List<Mention> newMentions = (edit.caption() != null) ? this.authors.mentions(edit.caption()) : null;
		int shard = this.shards.shardOf(postId);
		Post[] before = new Post[1];
		Post edited = this.shards.write(shard, () -> {
			Post post = this.posts.findForUpdate(postId)
				.filter((found) -> found.visibleTo(viewerId))
				.orElseThrow(() -> notFound(postId));
			if (post.userId() != viewerId) {
				throw ApiException.forbidden("Only the author may edit a post.");
			}
			String caption = (edit.caption() != null) ? edit.caption() : post.caption();
			String location = (edit.location() != null) ? blankToNull(edit.location()) : post.location();
			List<String> oldAltTexts = post.photos().stream().map(Photo::altText).toList();
			if (edit.altTexts() != null && edit.altTexts().size() != oldAltTexts.size()) {
				throw ApiException.validation("The edit has invalid fields.", List.of(new FieldViolation("alt_texts",
						"must hold one alt text per photo of the post (" + oldAltTexts.size() + ")")));
			}
			List<String> altTexts = (edit.altTexts() != null)
					? edit.altTexts().stream().map(PostService::blankToNull).toList() : oldAltTexts;
			before[0] = post;
			if (caption.equals(post.caption()) && Objects.equals(location, post.location())
					&& altTexts.equals(oldAltTexts)) {
				return post;
			}
			List<String> hashtags = Hashtags.parse(caption);
			List<Mention> mentions = (newMentions != null) ? newMentions : post.mentions();
			if (post.uploadStatus() == UploadStatus.READY) {
				// Before this commits (the row is locked meanwhile): the index never
				// misses a tag the post carries.
				this.tags.add(postId, hashtags.stream().filter((tag) -> !post.hashtags().contains(tag)).toList());
			}
			Instant now = this.clock.instant();
			if (post.editedAt() != null && !now.isAfter(post.editedAt())) {
				// Edits of one post are ordered by edited_at downstream: never the same
				// twice.
				now = post.editedAt().plusNanos(1000);
			}
			Post row = this.posts.updateText(postId, caption, hashtags, mentions, location, altTexts, now);
			if (row.uploadStatus() == UploadStatus.READY) {
				PostView view = PostView.of(row, this.keys);
				this.events.publish(new PostEdited(row.postId(), row.userId(), view.imageUrl(), view.thumbnailUrl(),
						row.caption(), row.createdAt(), row.location(), row.altText(), row.width(), row.height(),
						view.renditions(), row.hashtags(), row.editedAt(), row.mentions(), row.blurhash(),
						view.media()));
				// Only users the caption did not mention before: an edit notifies nobody
				// twice. (A post still PROCESSING notifies its mentions when it is
				// published.)
				this.mentionEvents.caption(row, Mentions.users(post.mentions()), now);
			}
			return row;
		});
		this.cache.evict(postId);
		if (before[0].uploadStatus() == UploadStatus.READY) {
			this.tags.removeQuietly(postId,
					before[0].hashtags().stream().filter((tag) -> !edited.hashtags().contains(tag)).toList());
		}
		boolean liked = this.shards.read(shard, () -> this.posts.likedBy(viewerId, List.of(postId))).contains(postId);
		return PostView.of(edited, this.keys).with(this.authors.username(edited.userId()), liked);
	}

	private void validate(TextEdit edit) {
		List<FieldViolation> errors = new ArrayList<>();
		if (edit.caption() == null && edit.location() == null && edit.altTexts() == null) {
			throw ApiException.validation("The edit changes nothing: name caption, location or alt_texts.",
					List.of(new FieldViolation("body", "must hold at least one of caption, location, alt_texts")));
		}
		UserText.check(errors, "caption", edit.caption(), this.properties.captionMaxLength(), true);
		Mentions.check(errors, "caption", edit.caption());
		Hashtags.check(errors, edit.caption(), this.properties.hashtagMaxCount(), this.properties.hashtagMaxLength());
		UserText.check(errors, "location", edit.location(), this.properties.locationMaxLength(), false);
		if (edit.altTexts() != null) {
			// that it holds exactly one per photo is checked against the post
			if (edit.altTexts().isEmpty() || edit.altTexts().size() > Post.MAX_PHOTOS) {
				errors.add(new FieldViolation("alt_texts",
						"must hold one alt text per photo of the post (1 to " + Post.MAX_PHOTOS + ")"));
			}
			for (int i = 0; i < edit.altTexts().size(); i++) {
				String altText = edit.altTexts().get(i);
				if (altText == null) {
					errors.add(new FieldViolation("alt_texts[" + i + "]", "must be a string (empty to clear it)"));
				}
				UserText.check(errors, "alt_texts[" + i + "]", altText, this.properties.altTextMaxLength(), false);
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation("The edit has invalid fields.", errors);
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	static ApiException notFound(long postId) {
		return ApiException.notFound("There is no post " + postId + ".");
	}

	/**
	 * A page of a hashtag's READY posts, newest first, older than {@code before}: up to
	 * {@code limit} posts and where the next page starts. Index rows whose post is gone
	 * or no longer carries the tag are skipped; a page scans at most a few batches of
	 * them and may come back short with a next page.
	 */
	TagPage byTag(long viewerId, String tag, long before, int limit) {
		// a tag's page shows only what the viewer may see of each author: not a user
		// blocked either way, not a private account the viewer does not follow
		Set<Long> blocked = this.audience.hiddenFrom(viewerId);
		Map<Long, Boolean> mayVisit = new HashMap<>();
		List<PostView> found = new ArrayList<>();
		long scannedTo = before;
		boolean exhausted = false;
		for (int round = 0; round < TAG_PAGE_ROUNDS && found.size() <= limit && !exhausted; round++) {
			int wanted = limit + 1 - found.size();
			List<Long> ids = this.tags.page(tag, scannedTo, wanted);
			exhausted = ids.size() < wanted;
			if (ids.isEmpty()) {
				break;
			}
			scannedTo = ids.get(ids.size() - 1);
			for (PostView view : readyByIds(ids)) {
				if (view.hashtags() != null && view.hashtags().contains(tag) && !blocked.contains(view.userId())
						&& mayVisit.computeIfAbsent(view.userId(), (author) -> this.shards
							.read(this.shards.shardOf(author), () -> this.audience.maySee(author, viewerId)))) {
					found.add(view);
				}
			}
		}
		Long next = null;
		if (found.size() > limit) {
			found = found.subList(0, limit);
			next = found.get(limit - 1).postId();
		}
		else if (!exhausted) {
			next = scannedTo;
		}
		Set<Long> liked = found.isEmpty() ? Set.of()
				: likedAmong(viewerId, found.stream().map(PostView::postId).toList());
		List<PostView> posts = found.stream()
			.map((view) -> view.with(view.username(), liked.contains(view.postId())))
			.toList();
		return new TagPage(posts, next);
	}

	/**
	 * A page of a hashtag's posts.
	 *
	 * @param posts the posts, newest first
	 * @param nextBefore where the next page starts (its posts are older than this ID), or
	 * {@code null} after the last
	 */
	record TagPage(List<PostView> posts, Long nextBefore) {

	}

	/**
	 * What an edit of a post's text names; {@code null} leaves a field as it is, an empty
	 * location or alt text clears it.
	 *
	 * @param caption the new caption
	 * @param location the new location
	 * @param altTexts the new alternative text of each photo, in order
	 */
	record TextEdit(String caption, String location, List<String> altTexts) {

	}

	/**
	 * Removal of a post's objects, done by the media workers; scheduled in the
	 * transaction that deletes the post.
	 */
	public interface MediaPurges {

		/** Records, in the current shard transaction, that the objects must go. */
		void schedule(long postId, String mediaKey, int photoCount);

		/** Asks a worker to do it now, after commit. */
		void wake(int shard, long postId);

	}

}
