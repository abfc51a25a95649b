package com.pixelgram.user.follow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Follow lists.
 *
 * @param defaultPageSize items per page of the public lists when no limit is asked
 * @param maxPageSize the largest limit of the public lists
 */
@ConfigurationProperties("pixelgram.users.follows")
record FollowProperties(@DefaultValue("20") int defaultPageSize, @DefaultValue("100") int maxPageSize) {

}
