package com.pixelgram.user.serviceapi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The internal ID lists.
 *
 * @param defaultPageSize IDs per page when no limit is asked
 * @param maxPageSize the largest limit
 */
@ConfigurationProperties("pixelgram.users.internal")
record InternalProperties(@DefaultValue("500") int defaultPageSize, @DefaultValue("10000") int maxPageSize) {

}
