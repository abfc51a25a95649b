package com.pixelgram.gateway.ratelimit;

import com.pixelgram.testsupport.embedded.EmbeddedRedisCluster;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The rate limiter on a Redis Cluster: every quota of one request is keyed by the same
 * subject in a hash tag, so the script that takes them all touches one slot.
 */
class RateLimitOnRedisClusterTest extends RateLimitLeaseTest {

	@Override
	LettuceConnectionFactory connectionFactory() {
		return EmbeddedRedisCluster.shared().connectionFactory();
	}

}
