package com.pixelgram.feed;

import java.util.List;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisPipelineException;

import static org.assertj.core.api.Assertions.assertThat;

class RedisFailuresTest {

	@Test
	void aTimedOutCommandInsideAPipelineIsATimeout() {
		RedisPipelineException pipeline = new RedisPipelineException(
				new QueryTimeoutException("Redis command timed out", new RedisCommandTimeoutException("ZADD")),
				List.of());

		assertThat(RedisFailures.isTimeout(pipeline)).isTrue();
		assertThat(RedisFailures.describe(pipeline)).isEqualTo("ZADD");
	}

	@Test
	void aRefusedConnectionIsNotATimeout() {
		RedisConnectionFailureException down = new RedisConnectionFailureException("Unable to connect",
				new RedisConnectionException("Connection refused: 127.0.0.1:6379"));

		assertThat(RedisFailures.isTimeout(down)).isFalse();
		assertThat(RedisFailures.describe(down)).isEqualTo("Connection refused: 127.0.0.1:6379");
	}

}
