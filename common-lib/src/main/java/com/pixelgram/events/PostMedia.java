package com.pixelgram.events;

import java.util.Map;

/**
 * One photo of a post, as the public API and the events carry it: a post has one to ten,
 * in the order the author gave them.
 *
 * @param imageUrl the photo's 1080 px rendition
 * @param thumbnailUrl its 150 px square
 * @param renditions each rendition's URL by name ({@code 1080}, {@code 720}, {@code 480},
 * {@code 150})
 * @param width the displayed width of the photo's original
 * @param height the displayed height of the photo's original
 * @param blurhash the photo's BlurHash, or {@code null} before the post is READY
 * @param altText the photo's alternative text, or {@code null}
 */
public record PostMedia(String imageUrl, String thumbnailUrl, Map<String, String> renditions, int width, int height,
		String blurhash, String altText) {

}
