package com.pixelgram.feed;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis client settings: tell a lost Redis from a busy one, and spend no CPU on what
 * nobody reads.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhenDisconnected() {
		// By default commands queue up while Lettuce reconnects and then time out, which
		// reads as "busy": the feed would shed reads instead of pulling them from the
		// services, and fanout would retry every few seconds through a whole outage.
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Bean
	ClientResourcesBuilderCustomizer noCommandLatencyRecording() {
		// Lettuce times every command into per-command histograms when LatencyUtils is on
		// the class path, for events that nothing here subscribes to; fanout sends
		// thousands of commands per post.
		return (resources) -> resources.commandLatencyRecorder(CommandLatencyRecorder.disabled());
	}

}
