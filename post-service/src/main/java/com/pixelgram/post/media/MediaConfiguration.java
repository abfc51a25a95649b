package com.pixelgram.post.media;

import com.pixelgram.post.image.ImageInspector;
import com.pixelgram.post.image.MetadataLimits;
import com.pixelgram.post.image.RenditionPipeline;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The image pipeline and the S3 storage, configured by {@link MediaProperties}. */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

	@Bean
	MediaKeys mediaKeys(MediaProperties properties) {
		return new MediaKeys(properties);
	}

	/**
	 * Where deleted renditions are invalidated: a {@link CdnInvalidator} bean of the
	 * application, or nowhere (dev-stack serves the bucket directly).
	 */
	@Bean
	MediaStorage mediaStorage(S3Client s3, MediaProperties properties, MediaKeys keys,
			ObjectProvider<CdnInvalidator> cdn) {
		return new MediaStorage(s3, properties, keys, cdn.getIfAvailable(() -> CdnInvalidator.NONE));
	}

	@Bean
	ImageInspector imageInspector(MediaProperties properties) {
		return new ImageInspector(properties.maxPixels(), properties.maxDecodedPixels(),
				new MetadataLimits(properties.metadata().maxSegments(), properties.metadata().maxSize().toBytes()));
	}

	/**
	 * The pipeline, encoding the renditions of an image in parallel: a thread per
	 * rendition, which the render workers share.
	 */
	@Bean
	RenditionPipeline renditionPipeline(MediaProperties properties) {
		return new RenditionPipeline(properties.renditionWidths(), properties.thumbnailSize(), properties.jpegQuality(),
				properties.maxPixels(), properties.maxDecodedPixels(), properties.renditionWidths().size() + 1);
	}

	@Bean
	LifecycleOnStart lifecycleOnStart(MediaStorage storage, MediaProperties properties) {
		return new LifecycleOnStart(storage, properties);
	}

	/**
	 * Applies the lifecycle rules once the application is ready, off the start-up path: a
	 * slow or unreachable S3 must not delay readiness.
	 */
	static class LifecycleOnStart {

		private final MediaStorage storage;

		private final MediaProperties properties;

		LifecycleOnStart(MediaStorage storage, MediaProperties properties) {
			this.storage = storage;
			this.properties = properties;
		}

		@EventListener(ApplicationReadyEvent.class)
		void apply() {
			if (this.properties.lifecycle().applyOnStart()) {
				Thread thread = new Thread(this.storage::applyLifecycle, "s3-lifecycle");
				thread.setDaemon(true);
				thread.start();
			}
		}

	}

}
