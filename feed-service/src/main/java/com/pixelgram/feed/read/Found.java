package com.pixelgram.feed.read;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a lookup in a cache and then a service found.
 *
 * @param byId the values found, by ID
 * @param complete whether every source answered (a missing ID is then really gone)
 */
record Found<T>(Map<Long, T> byId, boolean complete) {

	List<T> inOrder(Collection<Long> ids) {
		List<T> ordered = new ArrayList<>();
		ids.forEach((id) -> {
			T value = this.byId.get(id);
			if (value != null) {
				ordered.add(value);
			}
		});
		return ordered;
	}

}
