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

	/** The full name of a key. */
	public String key(String name) {
		return this.keyPrefix + name;
	}

}
