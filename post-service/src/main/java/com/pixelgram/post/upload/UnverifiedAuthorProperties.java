package com.pixelgram.post.upload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What an author whose email is not verified may post.
 *
 * @param maxPosts posts an unverified author may make in each {@code window}
 * @param window the sliding window the posts are counted in
 */
@ConfigurationProperties("pixelgram.post.unverified-authors")
record UnverifiedAuthorProperties(@DefaultValue("3") int maxPosts, @DefaultValue("24h") Duration window) {

}
