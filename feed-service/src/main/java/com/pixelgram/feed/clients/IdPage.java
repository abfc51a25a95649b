package com.pixelgram.feed.clients;

import java.util.List;

/**
 * A page of user IDs in ascending order.
 *
 * @param ids the IDs
 * @param nextAfter the cursor of the next page, or {@code null} after the last one
 */
public record IdPage(List<Long> ids, Long nextAfter) {

	public boolean isLast() {
		return this.nextAfter == null;
	}

}
