package com.pixelgram.post.media;

import java.util.List;

/**
 * Drops deleted objects from the CDN's caches. Renditions are served with an immutable
 * {@code Cache-Control} of hours ({@link MediaProperties.Cache}): without an
 * invalidation, a deleted post's photos stay reachable at the edge until they age out.
 * {@link MediaStorage#deleteAll} calls it once the objects are gone from the bucket, so
 * every deletion (a deleted post, a failed upload, an orphaned original) goes through it.
 * An implementation is a bean of this package; without one, nothing is invalidated.
 */
@FunctionalInterface
interface CdnInvalidator {

	/** For a bucket served without a CDN, or one that caches nothing (dev-stack). */
	CdnInvalidator NONE = (reference, paths) -> {
	};

	/**
	 * Invalidates paths of the CDN, relative to {@code pixelgram.media.cdn-base-url}. A
	 * failure throws: the caller's retry calls again with the same reference, which the
	 * CDN takes for the same invalidation.
	 * @param reference what is invalidated, the same on every retry (the media key, of
	 * one post)
	 * @param paths paths starting with {@code /}, each of one object or, ending in
	 * {@code *}, of every object under a prefix (one invalidation path, however many
	 * objects)
	 */
	void invalidate(String reference, List<String> paths);

}
