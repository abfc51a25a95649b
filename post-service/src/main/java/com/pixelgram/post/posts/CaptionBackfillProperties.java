package com.pixelgram.post.posts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The parsing of captions written before mentions and hashtags were.
 *
 * @param interval time between runs (ISO-8601; the schedule reads it from the
 * configuration)
 * @param batchSize captions per shard parsed by one run, each of them at most one call to
 * user-service
 */
@ConfigurationProperties("pixelgram.post.caption-backfill")
record CaptionBackfillProperties(@DefaultValue("PT1M") Duration interval, @DefaultValue("100") int batchSize) {

}
