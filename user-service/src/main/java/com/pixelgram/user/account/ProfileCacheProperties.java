package com.pixelgram.user.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The profile cache in Redis.
 *
 * @param cacheTtl how long a cached profile lives
 * @param redisBackoff how long the cache is bypassed after a Redis error
 */
@ConfigurationProperties("pixelgram.users.profiles")
public record ProfileCacheProperties(@DefaultValue("30m") Duration cacheTtl,
		@DefaultValue("5s") Duration redisBackoff) {

}
