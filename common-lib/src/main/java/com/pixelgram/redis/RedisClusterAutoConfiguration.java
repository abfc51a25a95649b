package com.pixelgram.redis;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Makes every service's Lettuce client follow a Redis Cluster's topology. Without it the
 * client keeps the topology it read at start: after a failover it goes on sending the
 * commands of the lost master's slots to a node that is gone, until the service restarts.
 */
@AutoConfiguration
@ConditionalOnClass({ LettuceClientOptionsBuilderCustomizer.class, ClusterClientOptions.class })
@EnableConfigurationProperties(RedisClusterProperties.class)
public class RedisClusterAutoConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer clusterTopologyRefresh(RedisClusterProperties properties) {
		return (options) -> {
			if (options instanceof ClusterClientOptions.Builder cluster) {
				cluster.topologyRefreshOptions(topologyRefresh(properties));
			}
		};
	}

	/** How a client configured with these properties follows the cluster's topology. */
	public static ClusterTopologyRefreshOptions topologyRefresh(RedisClusterProperties properties) {
		return ClusterTopologyRefreshOptions.builder()
			.enablePeriodicRefresh(properties.refreshPeriod())
			.enableAllAdaptiveRefreshTriggers()
			.adaptiveRefreshTriggersTimeout(properties.adaptiveRefreshTimeout())
			.build();
	}

}
