package com.pixelgram.feed.read;

/**
 * What a client asked of its feed.
 *
 * @param order ranked or newest first
 * @param cursor where to go on from, or {@code null}
 * @param page the page number asked, or {@code null} (page 1 unless a cursor says
 * otherwise)
 * @param limit posts per page
 */
record FeedRequest(FeedOrder order, FeedCursor cursor, Integer page, int limit) {

	/** The position of the first post asked for, when paging by number. */
	int offset() {
		return (this.page != null) ? (this.page - 1) * this.limit : 0;
	}

	/** A page 1: ranked afresh, whatever was kept before. */
	boolean isFirstPage() {
		return this.cursor == null && (this.page == null || this.page == 1);
	}

}
