package com.pixelgram.post.upload;

import java.time.Duration;
import java.util.Optional;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.UploadStatus;
import com.pixelgram.shard.ShardMap;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads to a shard whose database has a read replica that never catches up: an empty
 * copy of its schemas. What must see the upload's own commit reads the primary.
 */
class LaggingReplicaTest extends PostIntegrationTest {

	/**
	 * A shard of the second database of {@link PostIntegrationTest}'s map (shards 4 to
	 * 7).
	 */
	private static final int REPLICATED_SHARD = 5;

	@Autowired
	PostRepository posts;

	@DynamicPropertySource
	static void laggingReplica(DynamicPropertyRegistry registry) {
		TestDatabase replica = TestPostgres.createDatabase("posts_lagging_replica");
		for (int shard = 4; shard < 8; shard++) {
			Flyway.configure()
				.dataSource(replica.url(), replica.username(), replica.password())
				.schemas(ShardMap.schemaOf(shard))
				.createSchemas(true)
				.locations("classpath:db/shard")
				.load()
				.migrate();
		}
		registry.add("pixelgram.shards.databases[1].replica-url", replica::url);
	}

	@Test
	void answersAFastRetryWithTheSamePostAndRendersIt() {
		long user = this.ids.nextId(REPLICATED_SHARD);
		byte[] image = TestImages.png(TestImages.photo(300, 200));

		Reply first = uploadWithKey(user, "lagging-replica", image, "p.png", "image/png");
		Reply retry = uploadWithKey(user, "lagging-replica", image, "p.png", "image/png");

		assertThat(first.status()).as(first.body()).isEqualTo(202);
		assertThat(retry.status()).as(retry.body()).isEqualTo(202);
		long postId = first.json().path("post_id").asLong();
		assertThat(retry.json().path("post_id").asLong()).isEqualTo(postId);
		assertThat(retry.json().path("image_url").asString()).isEqualTo(first.json().path("image_url").asString());
		assertThat(this.shards.read(REPLICATED_SHARD, () -> this.posts.find(postId))).as("the replica's copy")
			.isEmpty();
		// The worker, which drops the job of a post it cannot find, looks on the primary
		// too.
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(primary(postId))
				.hasValueSatisfying((post) -> assertThat(post.uploadStatus()).isEqualTo(UploadStatus.READY)));
	}

	private Optional<Post> primary(long postId) {
		return this.shards.write(REPLICATED_SHARD, () -> this.posts.find(postId));
	}

}
