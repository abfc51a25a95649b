package com.pixelgram.feed.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.id.IdGenerator;

import org.springframework.stereotype.Component;

/**
 * Orders candidate posts by {@code w1·recency + w2·engagement + w3·affinity} (0.5, 0.3,
 * 0.2 by default): recency {@code 1/(hours+1)}, engagement
 * {@code (likes+comments)/max(author followers,1)} capped at 1, affinity the viewer's
 * normalised interactions with the author. Every term lies in [0, 1], so the weights mean
 * what they say.
 */
@Component
public class Ranker {

	private static final double MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();

	private final FeedProperties.Ranking settings;

	Ranker(FeedProperties properties) {
		this.settings = properties.ranking();
	}

	/**
	 * The post IDs, best first; ties go to the newer post.
	 * @param posts the candidates
	 * @param followers follower count by author; an author missing here counts as
	 * unknown, and their posts get no engagement term
	 * @param affinity the viewer's affinity by author, in [0, 1]
	 * @param now the time of the read
	 */
	public List<Long> rank(Collection<PostView> posts, Map<Long, Long> followers, Map<Long, Double> affinity,
			Instant now) {
		List<Scored> scored = new ArrayList<>(posts.size());
		for (PostView post : posts) {
			scored.add(new Scored(post.postId(),
					score(post, followers.get(post.userId()), affinity.getOrDefault(post.userId(), 0.0), now)));
		}
		scored.sort(BEST_FIRST);
		return scored.stream().map(Scored::postId).toList();
	}

	/**
	 * The candidates' post IDs, best first; ties go to the newer post.
	 * @param candidates the candidates
	 * @param followers follower count by author; an author missing here counts as
	 * unknown, and their posts get no engagement term
	 * @param affinity the viewer's affinity by author, in [0, 1]
	 * @param now the time of the read
	 */
	public List<Long> rankCandidates(Collection<Candidate> candidates, Map<Long, Long> followers,
			Map<Long, Double> affinity, Instant now) {
		long nowMillis = now.toEpochMilli();
		List<Scored> scored = new ArrayList<>(candidates.size());
		for (Candidate candidate : candidates) {
			scored.add(new Scored(candidate.postId(),
					score(IdGenerator.timeOf(candidate.postId()).toEpochMilli(), candidate.interactions(),
							followers.get(candidate.authorId()), affinity.getOrDefault(candidate.authorId(), 0.0),
							nowMillis)));
		}
		scored.sort(BEST_FIRST);
		List<Long> ids = new ArrayList<>(scored.size());
		scored.forEach((entry) -> ids.add(entry.postId()));
		return ids;
	}

	/** The score of one post. */
	double score(PostView post, Long authorFollowers, double affinity, Instant now) {
		Instant created = (post.createdAt() != null) ? post.createdAt() : IdGenerator.timeOf(post.postId());
		long interactions = Math.max(0, post.likesCount()) + Math.max(0, post.commentsCount());
		return score(created.toEpochMilli(), interactions, authorFollowers, affinity, now.toEpochMilli());
	}

	private double score(long createdMillis, long interactions, Long authorFollowers, double affinity, long nowMillis) {
		double hours = Math.max(0, nowMillis - createdMillis) / MILLIS_PER_HOUR;
		double recency = 1.0 / (hours + 1.0);
		double engagement = 0;
		if (authorFollowers != null) {
			engagement = Math.min(1.0, Math.max(0, interactions) / (double) Math.max(authorFollowers, 1));
		}
		double clampedAffinity = Math.min(1.0, Math.max(0.0, affinity));
		return this.settings.recencyWeight() * recency + this.settings.engagementWeight() * engagement
				+ this.settings.affinityWeight() * clampedAffinity;
	}

	private record Scored(long postId, double score) {

	}

	/** Highest score first, then newest: without boxing a post ID per comparison. */
	private static final Comparator<Scored> BEST_FIRST = (a, b) -> {
		int byScore = Double.compare(b.score(), a.score());
		return (byScore != 0) ? byScore : Long.compare(b.postId(), a.postId());
	};

	/**
	 * What ranking needs of a post besides its time, which its ID carries.
	 *
	 * @param postId the post
	 * @param authorId its author
	 * @param interactions its likes and comments
	 */
	public record Candidate(long postId, long authorId, long interactions) {

	}

}
