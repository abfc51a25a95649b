package com.pixelgram.user.export;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Data exports.
 *
 * @param bucket the bucket post-service writes the zips to (its media bucket)
 * @param linkTtl how long a download link works; a new one is made on every read
 * @param retention how long after completion a zip can be downloaded; post-service
 * deletes it then ({@code pixelgram.post.export.retention}, the same by default) and the
 * export shows EXPIRED
 */
@ConfigurationProperties("pixelgram.users.exports")
record ExportProperties(@DefaultValue("pixelgram-media") String bucket, @DefaultValue("15m") Duration linkTtl,
		@DefaultValue("7d") Duration retention) {

}
