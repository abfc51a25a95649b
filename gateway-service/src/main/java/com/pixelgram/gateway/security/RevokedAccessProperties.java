package com.pixelgram.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway learns the accounts whose access tokens it must refuse before they
 * expire (suspended and deleted ones), and how often it looks.
 *
 * @param key user-service's sorted set of those accounts (its version is the same key
 * with {@code :version} appended)
 * @param refresh how often the version is read: a suspension or deletion is refused by
 * every gateway within about this long
 * @param redisTimeout the longest one read waits for Redis
 */
@ConfigurationProperties("pixelgram.gateway.revoked-access")
public record RevokedAccessProperties(String key, Duration refresh, Duration redisTimeout) {

}
