package com.pixelgram.feed.read;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.cache.CacheMetrics;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.feed.graph.FollowerCounts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What ranking needs of a few hundred candidates (each post's author and counts, each
 * author's follower count), kept in this process for {@code facts-ttl}: reading them from
 * Redis on every page 1 was most of a read's cost, and counts that are seconds old order
 * a feed as well as fresh ones (the page itself shows fresh counts). Misses come from
 * Redis in one pipeline, and posts Redis lacks from post-service in one batch call.
 */
@Component
class RankingFacts {

	/** A follower count Redis does not know: ranked without an engagement term. */
	private static final long UNKNOWN = -1;

	private final Cache<Long, PostCache.RankingFacts> posts;

	private final Cache<Long, Long> followers;

	private final StringRedisTemplate redis;

	private final PostCache postCache;

	private final FollowerCounts counts;

	private final PostLookup lookup;

	private final AuthorLookup authors;

	private final CacheMetrics metrics;

	RankingFacts(StringRedisTemplate redis, PostCache postCache, FollowerCounts counts, PostLookup lookup,
			AuthorLookup authors, CacheMetrics metrics, FeedProperties properties) {
		FeedProperties.Ranking settings = properties.ranking();
		this.posts = Caffeine.newBuilder()
			.maximumSize(settings.factsSize())
			.expireAfterWrite(settings.factsTtl())
			.build();
		this.followers = Caffeine.newBuilder()
			.maximumSize(settings.factsSize())
			.expireAfterWrite(settings.factsTtl())
			.build();
		this.redis = redis;
		this.postCache = postCache;
		this.counts = counts;
		this.lookup = lookup;
		this.authors = authors;
		this.metrics = metrics;
	}

	/**
	 * The facts of the posts, by ID; a post that is gone (deleted, or unknown to
	 * post-service) is left out, and so is one that cannot be read now.
	 * @return the facts found, and whether every source answered
	 */
	Found<PostCache.RankingFacts> ofPosts(Collection<Long> postIds) {
		// One lookup per ID into a map of the right size: getAllPresent copies what it
		// finds twice, a few hundred entries on every page 1.
		Map<Long, PostCache.RankingFacts> found = new HashMap<>(postIds.size() * 4 / 3 + 1);
		List<Long> misses = new ArrayList<>();
		for (Long id : postIds) {
			PostCache.RankingFacts facts = this.posts.getIfPresent(id);
			if (facts != null) {
				found.put(id, facts);
			}
			else {
				misses.add(id);
			}
		}
		this.metrics.hits("facts", found.size());
		if (misses.isEmpty()) {
			return new Found<>(found, true);
		}
		this.metrics.misses("facts", misses.size());
		List<Object> replies = Pipelines.runEach(this.redis, misses, this.postCache::getRankingFacts);
		Map<Long, PostCache.RankingFacts> loaded = new HashMap<>();
		List<Long> uncached = new ArrayList<>();
		for (int i = 0; i < misses.size(); i++) {
			PostCache.RankingFacts facts = PostCache.rankingFacts(replies.get(i));
			if (facts == null) {
				uncached.add(misses.get(i));
			}
			else if (facts != PostCache.RankingFacts.GONE) {
				loaded.put(misses.get(i), facts);
			}
		}
		boolean complete = true;
		if (!uncached.isEmpty()) {
			Found<PostView> fetched = this.lookup.fetch(uncached, new HashMap<>());
			fetched.byId().forEach((id, post) -> loaded.put(id, PostCache.RankingFacts.of(post)));
			complete = fetched.complete();
		}
		this.posts.putAll(loaded);
		found.putAll(loaded);
		return new Found<>(found, complete);
	}

	/**
	 * Follower counts by author: known here, else from the counts that events keep in
	 * Redis, else from the authors' profiles (cached, or one batch call); an author
	 * nobody can tell about is left out.
	 */
	Map<Long, Long> followersOf(Set<Long> authorIds) {
		Map<Long, Long> known = new HashMap<>(authorIds.size() * 4 / 3 + 1);
		List<Long> misses = new ArrayList<>();
		for (Long id : authorIds) {
			Long count = this.followers.getIfPresent(id);
			if (count != null) {
				known.put(id, count);
			}
			else {
				misses.add(id);
			}
		}
		if (!misses.isEmpty()) {
			List<Object> replies = Pipelines.runEach(this.redis, misses, this.counts::get);
			Map<Long, Long> loaded = new HashMap<>();
			List<Long> unknown = new ArrayList<>();
			for (int i = 0; i < misses.size(); i++) {
				Long count = Pipelines.asLong(replies.get(i));
				if (count != null) {
					loaded.put(misses.get(i), count);
				}
				else {
					unknown.add(misses.get(i));
				}
			}
			if (!unknown.isEmpty()) {
				Map<Long, UserProfile> profiles = this.authors.find(unknown).byId();
				unknown.forEach((id) -> {
					UserProfile profile = profiles.get(id);
					loaded.put(id, (profile != null) ? profile.followersCount() : UNKNOWN);
				});
			}
			this.followers.putAll(loaded);
			known.putAll(loaded);
		}
		known.values().removeIf((count) -> count == UNKNOWN);
		return known;
	}

}
