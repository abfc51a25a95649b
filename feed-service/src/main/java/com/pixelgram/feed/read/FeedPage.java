package com.pixelgram.feed.read;

import java.util.List;

/**
 * One page of a feed.
 *
 * @param posts the hydrated posts
 * @param next where the next page starts, or {@code null} after the last
 */
record FeedPage(List<FeedItem> posts, FeedCursor next) {

	static FeedPage empty() {
		return new FeedPage(List.of(), null);
	}

}
