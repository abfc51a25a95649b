package com.pixelgram.gateway.requestsize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body the gateway forwards.
 *
 * @param maxBody above it a request is refused with 413 (a photo upload is at most 10 MB
 * plus the multipart envelope)
 */
@ConfigurationProperties("pixelgram.gateway.request-size")
public record RequestSizeProperties(DataSize maxBody) {

}
