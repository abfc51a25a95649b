package com.pixelgram.user.deletion;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account deletion.
 *
 * @param coolingOff how long a deleted account's username and email stay taken after the
 * deletion
 * @param sweepInterval how often the sweep erases what a restart left and frees names
 * whose cooling-off ended (ISO-8601)
 * @param batchSize accounts per shard, and directory entries, handled by one sweep
 */
@ConfigurationProperties("pixelgram.users.deletion")
record DeletionProperties(@DefaultValue("30d") Duration coolingOff, @DefaultValue("PT1M") Duration sweepInterval,
		@DefaultValue("100") int batchSize) {

}
