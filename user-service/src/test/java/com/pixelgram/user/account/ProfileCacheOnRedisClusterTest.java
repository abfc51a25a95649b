package com.pixelgram.user.account;

import com.pixelgram.testsupport.embedded.EmbeddedRedisCluster;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The profile cache's behaviour on a Redis Cluster: a profile and its version share a
 * hash slot, so reading both stays one command.
 */
class ProfileCacheOnRedisClusterTest extends ProfileCacheTest {

	@Override
	LettuceConnectionFactory connectionFactory() {
		return EmbeddedRedisCluster.shared().connectionFactory();
	}

}
