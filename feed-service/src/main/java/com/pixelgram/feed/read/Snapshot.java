package com.pixelgram.feed.read;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The order a page 1 found, kept so that its later pages continue it.
 *
 * @param id names this snapshot in its cursors; a newer page 1 replaces it
 * @param postIds the posts, in the order served
 * @param olderThan when the candidates were cut at the window, the oldest of them: the
 * feed goes on, newest first, with posts older than it; 0 when the snapshot holds all
 */
record Snapshot(String id, List<Long> postIds, long olderThan) {

	static Snapshot of(List<Long> postIds, long olderThan) {
		return new Snapshot(Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36), postIds,
				olderThan);
	}

	/** {@code id:olderThan:id,id,…} */
	String encode() {
		StringBuilder text = new StringBuilder(this.id.length() + 24 + this.postIds.size() * 20);
		text.append(this.id).append(':').append(this.olderThan).append(':');
		for (int i = 0; i < this.postIds.size(); i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append(this.postIds.get(i));
		}
		return text.toString();
	}

	/**
	 * The snapshot of a stored value, or {@code null} when there is none (or garbage).
	 */
	static Snapshot decode(Object value) {
		if (!(value instanceof String text)) {
			return null;
		}
		int first = text.indexOf(':');
		int second = (first > 0) ? text.indexOf(':', first + 1) : -1;
		if (second < 0) {
			return null;
		}
		try {
			List<Long> ids = new ArrayList<>();
			String list = text.substring(second + 1);
			if (!list.isEmpty()) {
				for (String id : list.split(",")) {
					ids.add(Long.valueOf(id));
				}
			}
			return new Snapshot(text.substring(0, first), ids, Long.parseLong(text.substring(first + 1, second)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The cursor after the page that ends at {@code end}, or {@code null} at the end. */
	FeedCursor nextAfter(FeedOrder order, int end) {
		if (end < this.postIds.size()) {
			return FeedCursor.inSnapshot(order, this.id, end);
		}
		return (this.olderThan > 0) ? FeedCursor.olderThan(order, this.olderThan) : null;
	}

}
