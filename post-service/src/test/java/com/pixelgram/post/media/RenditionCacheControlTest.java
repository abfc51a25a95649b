package com.pixelgram.post.media;

import java.time.Duration;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.Rendition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Cache-Control} stored on the renditions in S3 (S3Proxy), which the CDN and
 * browsers obey: a day on the photos, an hour on the thumbnail, immutable on both.
 */
class RenditionCacheControlTest extends PostIntegrationTest {

	@Autowired
	S3Client s3;

	@Autowired
	MediaStorage storage;

	@Autowired
	MediaKeys keys;

	@Test
	void storesADayOnThePhotosAndAnHourOnTheThumbnail() {
		String mediaKey = this.keys.newMediaKey(44);
		for (String name : this.keys.renditionNames()) {
			this.storage.putRendition(mediaKey, new Rendition(name, 1, 1, new byte[] { (byte) 0xff, (byte) 0xd8 }));
		}

		assertThat(head(mediaKey, "1080").cacheControl()).isEqualTo("public, max-age=86400, immutable");
		assertThat(head(mediaKey, "720").cacheControl()).isEqualTo("public, max-age=86400, immutable");
		assertThat(head(mediaKey, "480").cacheControl()).isEqualTo("public, max-age=86400, immutable");
		assertThat(head(mediaKey, "150").cacheControl()).isEqualTo("public, max-age=3600, immutable");
		assertThat(head(mediaKey, "150").contentType()).isEqualTo("image/jpeg");
	}

	@Test
	void theMaxAgesAndImmutableAreConfigured() {
		MediaProperties.Cache cache = new MediaProperties.Cache(Duration.ofHours(6), Duration.ofMinutes(10), false);

		assertThat(cache.photo()).isEqualTo("public, max-age=21600");
		assertThat(cache.thumbnail()).isEqualTo("public, max-age=600");
	}

	private HeadObjectResponse head(String mediaKey, String name) {
		return this.s3.headObject((request) -> request.bucket(BUCKET).key(this.keys.renditionKey(mediaKey, name)));
	}

}
