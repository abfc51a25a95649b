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

	public Ranker(FeedProperties properties) {
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
		scored.sort(Comparator.comparingDouble(Scored::score)
			.reversed()
			.thenComparing(Scored::postId, Comparator.reverseOrder()));
		return scored.stream().map(Scored::postId).toList();
	}

	/** The score of one post. */
	public double score(PostView post, Long authorFollowers, double affinity, Instant now) {
		Instant created = (post.createdAt() != null) ? post.createdAt() : IdGenerator.timeOf(post.postId());
		double hours = Math.max(0, now.toEpochMilli() - created.toEpochMilli()) / MILLIS_PER_HOUR;
		double recency = 1.0 / (hours + 1.0);
		double engagement = 0;
		if (authorFollowers != null) {
			long interactions = Math.max(0, post.likesCount()) + Math.max(0, post.commentsCount());
			engagement = Math.min(1.0, interactions / (double) Math.max(authorFollowers, 1));
		}
		double clampedAffinity = Math.min(1.0, Math.max(0.0, affinity));
		return this.settings.recencyWeight() * recency + this.settings.engagementWeight() * engagement
				+ this.settings.affinityWeight() * clampedAffinity;
	}

	private record Scored(long postId, double score) {

	}

}
