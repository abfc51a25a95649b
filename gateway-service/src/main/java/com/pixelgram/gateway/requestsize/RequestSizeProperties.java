package com.pixelgram.gateway.requestsize;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The largest request bodies the gateway forwards, and how it parts with a body it
 * refused.
 *
 * @param maxBody above it a request is refused with 413, on every route but the upload:
 * the API's JSON requests are a few kilobytes
 * @param maxUploadBody the same for {@code POST /v1/posts} (up to 10 photos of at most 10
 * MB each plus the multipart envelope)
 * @param drainLimit after answering a request without reading all of its body, the
 * gateway reads and discards up to this much of it before closing the connection, so that
 * a client that writes its whole body before reading (urllib, OkHttp, URLSession) gets to
 * read the answer instead of a reset; a longer body is cut off with the connection
 * @param drainTimeout the longest the gateway spends discarding one body
 */
@ConfigurationProperties("pixelgram.gateway.request-size")
public record RequestSizeProperties(DataSize maxBody, DataSize maxUploadBody, DataSize drainLimit,
		Duration drainTimeout) {

}
