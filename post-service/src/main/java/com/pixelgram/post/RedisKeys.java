package com.pixelgram.post;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Names every Redis key this service writes, behind one configurable prefix (a test
 * class, an environment).
 *
 * @param keyPrefix prepended to every key
 */
@ConfigurationProperties("pixelgram.redis")
public record RedisKeys(@DefaultValue("") String keyPrefix) {

	/**
	 * The circuit breaker of this service's Redis, shared by its caches
	 * ({@code pixelgram.resilience.circuit-breakers.post-redis}).
	 */
	public static final String BREAKER = "post-redis";

	/** The full name of a key. */
	public String key(String name) {
		return this.keyPrefix + name;
	}

}
