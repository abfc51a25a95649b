package com.pixelgram.post.image;

/**
 * How much metadata an image may carry: JPEG APPn and COM segments, PNG ancillary chunks
 * (compressed text and ICC profiles counted inflated), WebP chunks other than the
 * image's. Decoders read some of it whatever they are told, so it is capped before any
 * decoding.
 *
 * @param maxSegments the most segments or chunks
 * @param maxBytes the most bytes of them all together
 */
public record MetadataLimits(int maxSegments, long maxBytes) {

}
