package com.pixelgram.user.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User search.
 *
 * @param defaultLimit results when the request names no limit
 * @param maxLimit the largest limit a request may ask for
 * @param maxQueryLength the longest query accepted, in characters
 */
@ConfigurationProperties("pixelgram.users.search")
record SearchProperties(@DefaultValue("10") int defaultLimit, @DefaultValue("50") int maxLimit,
		@DefaultValue("100") int maxQueryLength) {

}
