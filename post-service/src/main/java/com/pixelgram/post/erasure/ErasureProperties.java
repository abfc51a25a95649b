package com.pixelgram.post.erasure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Erasure of deleted accounts.
 *
 * @param recheckAfter when the erasure runs once more after {@code UserDeleted}: longer
 * than an access token lives (what the account posted, liked or commented with one issued
 * before the deletion goes too) and than the events of its follows and blocks, sent after
 * {@code UserDeleted}, take to arrive
 * @param sweepInterval how often the due second runs are looked for (ISO-8601)
 * @param batchSize accounts per shard handled by one sweep
 */
@ConfigurationProperties("pixelgram.post.erasure")
record ErasureProperties(@DefaultValue("30m") Duration recheckAfter, @DefaultValue("PT1M") Duration sweepInterval,
		@DefaultValue("100") int batchSize) {

}
