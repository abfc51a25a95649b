package com.pixelgram.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service follows a Redis Cluster's topology ({@code pixelgram.redis.cluster.*});
 * unused on a standalone Redis.
 *
 * @param refreshPeriod how often the client reads the topology whatever happens
 * @param adaptiveRefreshTimeout the shortest time between two reads that trouble triggers
 * (redirections, lost connections, slots without a node): short, so that the client reads
 * the topology again soon after a failover has promoted a replica, but never more than
 * once per this time
 */
@ConfigurationProperties("pixelgram.redis.cluster")
public record RedisClusterProperties(@DefaultValue("30s") Duration refreshPeriod,
		@DefaultValue("1s") Duration adaptiveRefreshTimeout) {
}
