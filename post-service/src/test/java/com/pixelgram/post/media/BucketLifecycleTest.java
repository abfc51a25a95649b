package com.pixelgram.post.media;

import com.pixelgram.post.PostIntegrationTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class BucketLifecycleTest extends PostIntegrationTest {

	@Autowired
	MediaStorage storage;

	@Test
	void movesOriginalsAndRenditionsToCheaperClassesAfterThirtyAndThreeHundredSixtyFiveDays() {
		BucketLifecycleConfiguration configuration = this.storage.lifecycleConfiguration();

		assertThat(configuration.rules()).extracting(LifecycleRule::id).containsExactly("originals", "renditions");
		LifecycleRule originals = configuration.rules().get(0);
		assertThat(originals.filter().prefix()).isEqualTo("originals/");
		assertThat(originals.transitions()).extracting((t) -> t.days() + " " + t.storageClass())
			.containsExactly("30 " + TransitionStorageClass.STANDARD_IA, "365 " + TransitionStorageClass.GLACIER);
		LifecycleRule renditions = configuration.rules().get(1);
		assertThat(renditions.filter().prefix()).isEqualTo("r/");
		// Renditions stay servable after a year: Glacier Instant Retrieval.
		assertThat(renditions.transitions()).extracting((t) -> t.days() + " " + t.storageClass())
			.containsExactly("30 " + TransitionStorageClass.STANDARD_IA, "365 " + TransitionStorageClass.GLACIER_IR);
	}

	@Test
	void carriesOnWhenTheServerDoesNotSupportLifecycleRules() {
		// S3Proxy answers 501 NotImplemented: logged, not fatal.
		assertThat(this.storage.applyLifecycle()).isFalse();
	}

}
