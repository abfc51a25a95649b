package com.pixelgram.feed;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis client settings that let the feed tell a lost Redis from a busy one. */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhenDisconnected() {
		// By default commands queue up while Lettuce reconnects and then time out, which
		// reads as "busy": the feed would shed reads instead of pulling them from the
		// services, and fanout would retry every few seconds through a whole outage.
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

}
