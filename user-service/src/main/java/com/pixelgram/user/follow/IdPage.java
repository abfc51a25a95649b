package com.pixelgram.user.follow;

import java.util.List;

/**
 * A page of user IDs in ID order.
 *
 * @param ids the IDs
 * @param nextAfter the cursor of the next page, or {@code null} after the last one
 */
public record IdPage(List<Long> ids, Long nextAfter) {

	/**
	 * The page a query for at most {@code limit} IDs after a cursor found: a full page
	 * may have a next one, after its last ID.
	 */
	static IdPage of(List<Long> ids, int limit) {
		return new IdPage(ids, (ids.size() == limit) ? ids.get(ids.size() - 1) : null);
	}

}
