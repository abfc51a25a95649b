package com.pixelgram.feed.timeline;

import java.util.List;

/**
 * One page of a feed.
 *
 * @param posts the hydrated posts
 * @param hasNext whether a next page exists
 */
record FeedPage(List<FeedItem> posts, boolean hasNext) {

	static FeedPage empty() {
		return new FeedPage(List.of(), false);
	}

}
