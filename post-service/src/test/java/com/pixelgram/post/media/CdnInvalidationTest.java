package com.pixelgram.post.media;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pixelgram.post.PostIntegrationTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Deleting a post's objects invalidates its renditions at the CDN, after they are gone
 * from the bucket (an invalidation before would let the edge fetch them again), with one
 * wildcard path per photo.
 */
class CdnInvalidationTest extends PostIntegrationTest {

	@Autowired
	S3Client s3;

	@Autowired
	MediaProperties properties;

	@Autowired
	MediaKeys keys;

	@Test
	void invalidatesTheRenditionsOnceTheObjectsAreDeleted() {
		String mediaKey = this.keys.newMediaKey(42);
		for (String key : this.keys.allKeys(mediaKey)) {
			this.s3.putObject((request) -> request.bucket(BUCKET).key(key), RequestBody.fromString("image"));
		}
		List<List<String>> invalidated = new CopyOnWriteArrayList<>();
		List<List<String>> leftWhenInvalidated = new ArrayList<>();
		List<String> references = new CopyOnWriteArrayList<>();
		MediaStorage storage = new MediaStorage(this.s3, this.properties, this.keys, (reference, paths) -> {
			leftWhenInvalidated.add(objectKeys(mediaKey));
			references.add(reference);
			invalidated.add(paths);
		});

		storage.deleteAll(mediaKey);

		assertThat(invalidated).containsExactly(List.of("/r/" + mediaKey + "/*"));
		assertThat(references).containsExactly(mediaKey);
		assertThat(leftWhenInvalidated).containsExactly(List.of());
		assertThat(this.keys.renditionUrls(mediaKey).values())
			.allSatisfy((url) -> assertThat(url).contains("/r/" + mediaKey + "/"));
	}

	@Test
	void invalidatesTheRenditionsOfEveryPhotoOfACarousel() {
		String mediaKey = this.keys.newMediaKey(44);
		List<String> photoKeys = MediaKeys.photoKeys(mediaKey, 3);
		for (String photoKey : photoKeys) {
			for (String key : this.keys.allKeys(photoKey)) {
				this.s3.putObject((request) -> request.bucket(BUCKET).key(key), RequestBody.fromString("image"));
			}
		}
		List<List<String>> invalidated = new CopyOnWriteArrayList<>();
		List<String> references = new CopyOnWriteArrayList<>();
		MediaStorage storage = new MediaStorage(this.s3, this.properties, this.keys, (reference, paths) -> {
			references.add(reference);
			invalidated.add(paths);
		});

		storage.deleteAll(photoKeys);

		assertThat(photoKeys).containsExactly(mediaKey, mediaKey + "-1", mediaKey + "-2");
		assertThat(objectKeys(mediaKey)).isEmpty();
		assertThat(invalidated)
			.containsExactly(List.of("/r/" + mediaKey + "/*", "/r/" + mediaKey + "-1/*", "/r/" + mediaKey + "-2/*"));
		assertThat(references).as("one invalidation, named by the post's key").containsExactly(mediaKey);
	}

	@Test
	void aFailedInvalidationFailsTheDeletionSoThatItsRetryInvalidatesAgain() {
		String mediaKey = this.keys.newMediaKey(43);
		List<List<String>> invalidated = new CopyOnWriteArrayList<>();
		MediaStorage failing = new MediaStorage(this.s3, this.properties, this.keys, (reference, paths) -> {
			throw new IllegalStateException("CloudFront is unreachable");
		});
		MediaStorage retried = new MediaStorage(this.s3, this.properties, this.keys,
				(reference, paths) -> invalidated.add(paths));

		assertThatIllegalStateException().isThrownBy(() -> failing.deleteAll(mediaKey))
			.withMessageContaining("CloudFront");
		retried.deleteAll(mediaKey);

		assertThat(invalidated).containsExactly(List.of("/r/" + mediaKey + "/*"));
	}

	private List<String> objectKeys(String mediaKey) {
		return this.s3.listObjectsV2((request) -> request.bucket(BUCKET))
			.contents()
			.stream()
			.map(S3Object::key)
			.filter((key) -> key.contains(mediaKey))
			.toList();
	}

}
