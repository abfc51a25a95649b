package com.pixelgram.feed.read;

import java.util.List;
import java.util.Locale;

import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

/** The order of a feed: ranked (the default) or newest first. */
enum FeedOrder {

	/** {@code 0.5·recency + 0.3·engagement + 0.2·affinity}, best first. */
	RANKED("r"),

	/** Newest first, strictly by {@code created_at} (which post IDs follow). */
	LATEST("l");

	private final String code;

	FeedOrder(String code) {
		this.code = code;
	}

	/** One letter for cursors and keys. */
	String code() {
		return this.code;
	}

	/** The order a request names; absent means ranked. */
	static FeedOrder parse(String value) {
		if (value == null) {
			return RANKED;
		}
		for (FeedOrder order : values()) {
			if (order.name().toLowerCase(Locale.ROOT).equals(value)) {
				return order;
			}
		}
		throw ApiException.validation("The order is not one of ranked or latest.",
				List.of(new FieldViolation("order", "must be ranked or latest")));
	}

	static FeedOrder ofCode(String code) {
		for (FeedOrder order : values()) {
			if (order.code.equals(code)) {
				return order;
			}
		}
		return null;
	}

	String parameter() {
		return name().toLowerCase(Locale.ROOT);
	}

}
