package com.pixelgram.feed;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
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
	static BeanPostProcessor flushPipelinesOnce() {
		// Spring Data writes and flushes each command of a pipeline on its own by
		// default:
		// a system call per command, most of a feed read's Redis cost and of a fanout's.
		// Flushed once when the pipeline closes, a batch goes out in one write. Pipelines
		// stay small (Pipelines.ITEMS_PER_ROUND_TRIP), so nothing large waits in the
		// buffer.
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof LettuceConnectionFactory factory) {
					factory.setPipeliningFlushPolicy(LettuceConnection.PipeliningFlushPolicy.flushOnClose());
				}
				return bean;
			}

		};
	}

	@Bean
	ClientResourcesBuilderCustomizer noCommandLatencyRecording() {
		// Lettuce times every command into per-command histograms when LatencyUtils is on
		// the class path, for events that nothing here subscribes to; fanout sends
		// thousands of commands per post.
		return (resources) -> resources.commandLatencyRecorder(CommandLatencyRecorder.disabled());
	}

}
