package com.pixelgram.post.media;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.post.image.RenditionPipeline;

/**
 * Object keys and public URLs of a post's images. Every key contains the post's media
 * key, {@code {token}/{postId}}: the random token first spreads keys over S3's partitions
 * and makes the URLs unguessable, so they can be final and immutable from the first
 * answer.
 */
public final class MediaKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final MediaProperties properties;

	private final String cdnBaseUrl;

	public MediaKeys(MediaProperties properties) {
		this.properties = properties;
		String base = properties.cdnBaseUrl();
		this.cdnBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/** A new media key for a post. */
	public String newMediaKey(long postId) {
		byte[] token = new byte[8];
		RANDOM.nextBytes(token);
		return HexFormat.of().formatHex(token) + "/" + postId;
	}

	/** The names of every rendition, largest first, the thumbnail last. */
	public List<String> renditionNames() {
		List<String> names = new java.util.ArrayList<>(
				this.properties.renditionWidths().stream().sorted((a, b) -> b - a).map(String::valueOf).toList());
		names.add(RenditionPipeline.THUMBNAIL);
		return names;
	}

	/**
	 * The media key of a post's photo: the post's own for the first, the post's with
	 * {@code -position} after it for the others (positions from 0), so that the post's
	 * media key and photo count name every object of the post.
	 */
	public static String photoKey(String mediaKey, int position) {
		return (position == 0) ? mediaKey : mediaKey + "-" + position;
	}

	/** The media keys of a post's photos, in order. */
	public static List<String> photoKeys(String mediaKey, int photoCount) {
		List<String> keys = new java.util.ArrayList<>(photoCount);
		for (int position = 0; position < photoCount; position++) {
			keys.add(photoKey(mediaKey, position));
		}
		return keys;
	}

	public String originalKey(String mediaKey) {
		return this.properties.originalsPrefix() + mediaKey;
	}

	public String renditionKey(String mediaKey, String name) {
		return this.properties.renditionsPrefix() + mediaKey + "/" + name + ".jpg";
	}

	/** Every object key a post may have: the original and each rendition. */
	public List<String> allKeys(String mediaKey) {
		List<String> keys = new java.util.ArrayList<>();
		keys.add(originalKey(mediaKey));
		renditionNames().forEach((name) -> keys.add(renditionKey(mediaKey, name)));
		return keys;
	}

	/** The public URL of each rendition, by name, largest first. */
	public Map<String, String> renditionUrls(String mediaKey) {
		Map<String, String> urls = new LinkedHashMap<>();
		renditionNames().forEach((name) -> urls.put(name, this.cdnBaseUrl + "/" + renditionKey(mediaKey, name)));
		return urls;
	}

	/** The URL of the largest rendition. */
	public String imageUrl(String mediaKey) {
		return this.cdnBaseUrl + "/" + renditionKey(mediaKey, renditionNames().get(0));
	}

	public String thumbnailUrl(String mediaKey) {
		return this.cdnBaseUrl + "/" + renditionKey(mediaKey, RenditionPipeline.THUMBNAIL);
	}

}
