package com.pixelgram.post.posts;

/**
 * One photo of a post.
 *
 * @param mediaKey the stem of the photo's object keys
 * ({@link com.pixelgram.post.media.MediaKeys#photoKey})
 * @param mediaType the original's sniffed media type
 * @param width the displayed width of the original
 * @param height the displayed height of the original
 * @param altText the alternative text, or {@code null}
 * @param blurhash the BlurHash, or {@code null} before the post is READY
 */
public record Photo(String mediaKey, String mediaType, int width, int height, String altText, String blurhash) {

}
