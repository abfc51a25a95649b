package com.pixelgram.post.reconciliation;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class CountReconcilerTest extends PostIntegrationTest {

	@Autowired
	CountReconciler reconciler;

	@Autowired
	MeterRegistry meters;

	@Test
	void repairsCountsThatDriftedFromTheirRowsAndReportsTheDrift() {
		long author = newUser();
		long postId = uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
		post(newUser(), "/v1/posts/" + postId + "/like");
		post(newUser(), "/v1/posts/" + postId + "/like");
		postJson(newUser(), "/v1/posts/" + postId + "/comments", "{\"text\":\"hi\"}");
		this.shards.write(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("UPDATE post SET likes_count = 7, comments_count = 0 WHERE post_id = :id")
					.param("id", postId)
					.update());
		double likesBefore = drift("likes_count");
		double commentsBefore = drift("comments_count");

		CountReconciler.Report report = this.reconciler.reconcile();

		assertThat(report.postsRepaired()).isGreaterThanOrEqualTo(1);
		assertThat(drift("likes_count") - likesBefore).isGreaterThanOrEqualTo(5);
		assertThat(drift("comments_count") - commentsBefore).isGreaterThanOrEqualTo(1);
		var post = get(author, "/v1/posts/" + postId).json();
		assertThat(post.path("likes_count").asLong()).isEqualTo(2);
		assertThat(post.path("comments_count").asLong()).isEqualTo(1);
		assertThat(this.reconciler.reconcile().postsRepaired()).isZero();
	}

	private double drift(String kind) {
		return this.meters.get("pixelgram.reconciliation.drift").tag("kind", kind).counter().count();
	}

}
