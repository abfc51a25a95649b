package com.pixelgram.post.posts;

import com.pixelgram.testsupport.embedded.EmbeddedRedisCluster;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The post cache's behaviour on a Redis Cluster, where a batch read spans the slots of
 * several masters.
 */
class PostCacheOnRedisClusterTest extends PostCacheTest {

	@Override
	LettuceConnectionFactory connectionFactory() {
		return EmbeddedRedisCluster.shared().connectionFactory();
	}

}
