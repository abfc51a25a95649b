package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.post.PostIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parsing of captions written before mentions and hashtags were, on the real shards,
 * tag index and user-service stand-in: rows as the migrations left them (no mentions, no
 * hashtags, {@code caption_parsed} false).
 */
class CaptionBackfillTest extends PostIntegrationTest {

	@Autowired
	CaptionBackfill backfill;

	@Autowired
	PostRepository posts;

	@Autowired
	CircuitBreakerRegistry breakers;

	@AfterEach
	void userServiceAnswers() {
		USER_SERVICE.setDown(false);
		this.breakers.circuitBreaker("user-service").reset();
	}

	@Test
	void anOlderCaptionGainsItsMentionsAndHashtagsWithoutNotifyingAnyone() {
		long author = newUser();
		long friend = newUser();
		String tag = "backfilled" + friend;
		String caption = "Old times with @user" + friend + " #" + tag.toUpperCase();
		long postId = olderPost(author, caption);

		this.backfill.run();

		JsonNode post = get(newUser(), "/v1/posts/" + postId).json();
		assertThat(post.path("mentions").size()).isEqualTo(1);
		JsonNode mention = post.path("mentions").get(0);
		assertThat(mention.path("user_id").asLong()).isEqualTo(friend);
		assertThat(caption.substring(mention.path("start").asInt(), mention.path("end").asInt()))
			.isEqualTo("@user" + friend);
		assertThat(post.path("hashtags").valueStream().map(JsonNode::asString)).containsExactly(tag);
		JsonNode page = get(newUser(), "/v1/tags/" + tag + "/posts").json();
		assertThat(page.path("posts").valueStream().map((found) -> found.path("post_id").asLong()))
			.containsExactly(postId);
		assertThat(parsed(postId)).isTrue();
		// Recorded, not announced: no UserMentioned, no PostEdited.
		assertThat(outboxEvents(postId)).isEmpty();
	}

	@Test
	void aRunThatUserServiceCannotAnswerLeavesTheCaptionForTheNextRun() {
		long author = newUser();
		long friend = newUser();
		long postId = olderPost(author, "hi @user" + friend);
		USER_SERVICE.setDown(true);

		this.backfill.run();

		assertThat(parsed(postId)).isFalse();
		assertThat(get(author, "/v1/posts/" + postId).json().path("mentions").size()).isZero();

		USER_SERVICE.setDown(false);
		this.breakers.circuitBreaker("user-service").reset();
		this.backfill.run();

		assertThat(parsed(postId)).isTrue();
		assertThat(get(author, "/v1/posts/" + postId).json().path("mentions").get(0).path("user_id").asLong())
			.isEqualTo(friend);
		assertThat(outboxEvents(postId)).isEmpty();
	}

	@Test
	void newPostsAndEditedOnesAreParsedAlready() {
		long author = newUser();
		long edited = olderPost(author, "before");
		long written = this.ids.nextId(this.shards.shardOf(author));
		this.shards.write(this.shards.shardOf(author), () -> this.posts.insert(row(written, author, "new")));

		assertThat(patchJson(author, "/v1/posts/" + edited, "{\"caption\":\"after #edited\"}").status()).isEqualTo(200);

		assertThat(parsed(written)).isTrue();
		assertThat(parsed(edited)).isTrue();
	}

	/** A READY post as it was before mentions were parsed. */
	private long olderPost(long author, String caption) {
		int shard = this.shards.shardOf(author);
		long postId = this.ids.nextId(shard);
		this.shards.write(shard, () -> {
			this.posts.insert(row(postId, author, caption));
			this.shards.jdbc()
				.sql("UPDATE post SET published_at = created_at, caption_parsed = false WHERE post_id = :id")
				.param("id", postId)
				.update();
		});
		return postId;
	}

	private static Post row(long postId, long author, String caption) {
		Instant created = IdGenerator.timeOf(postId);
		return new Post(postId, author, caption, null, null, "older/" + postId, "image/jpeg", 640, 480,
				UploadStatus.READY, null, 0, 0, created, created, null, List.of(), List.of(), null);
	}

	private boolean parsed(long postId) {
		return this.shards.read(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("SELECT caption_parsed FROM post WHERE post_id = :id")
					.param("id", postId)
					.query(Boolean.class)
					.single());
	}

}
