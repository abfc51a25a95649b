package com.pixelgram.post.image;

/**
 * One JPEG made from an upload.
 *
 * @param name the rendition's name: its width class ({@code 1080}, {@code 720},
 * {@code 480}) or {@code 150} for the square thumbnail
 * @param width the width in pixels
 * @param height the height in pixels
 * @param jpeg the encoded bytes, without any metadata
 */
public record Rendition(String name, int width, int height, byte[] jpeg) {

}
