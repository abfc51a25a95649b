package com.pixelgram.user.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The profile cache in Redis; its circuit breaker is
 * {@code pixelgram.resilience.circuit-breakers.user-redis}.
 *
 * @param cacheTtl how long a cached profile lives
 */
@ConfigurationProperties("pixelgram.users.profiles")
record ProfileCacheProperties(@DefaultValue("30m") Duration cacheTtl) {

}
