package com.pixelgram.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deep the offset-paged lists go.
 *
 * @param maxOffset the largest {@code (page - 1) * limit} a list serves; a deeper page is
 * a 400 {@value Paging#PAGE_TOO_DEEP} problem
 */
@ConfigurationProperties("pixelgram.paging")
public record PagingProperties(@DefaultValue("10000") long maxOffset) {

}
