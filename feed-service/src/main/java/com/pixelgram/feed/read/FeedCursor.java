package com.pixelgram.feed.read;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

/**
 * Where the next page of a feed starts, as an opaque token: either an offset into the
 * snapshot that a page 1 made (so that later pages neither repeat nor skip while posts
 * arrive), or, past the snapshot and in newest-first order, the post that the next page
 * must be older than (a keyset: a deep page costs what the first does).
 *
 * @param order the order of the feed it continues
 * @param snapshot the snapshot's ID, or {@code null} for a keyset cursor
 * @param offset the position in the snapshot
 * @param before the post the next page is older than, for a keyset cursor
 */
record FeedCursor(FeedOrder order, String snapshot, int offset, long before) {

	private static final String VERSION = "1";

	private static final Pattern FORMAT = Pattern.compile("1([a-z])(?:s([0-9a-z]{1,16})\\.(\\d{1,6})|k(\\d{1,19}))");

	private static final int MAX_LENGTH = 64;

	static FeedCursor inSnapshot(FeedOrder order, String snapshot, int offset) {
		return new FeedCursor(order, snapshot, offset, 0);
	}

	static FeedCursor olderThan(FeedOrder order, long before) {
		return new FeedCursor(order, null, 0, before);
	}

	boolean isKeyset() {
		return this.snapshot == null;
	}

	String encode() {
		String text = VERSION + this.order.code()
				+ (isKeyset() ? "k" + this.before : "s" + this.snapshot + "." + this.offset);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The cursor a client sent back.
	 * @throws ApiException 400 when it is not one this service makes
	 */
	static FeedCursor decode(String token) {
		if (token.isEmpty() || token.length() > MAX_LENGTH) {
			throw invalid();
		}
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		Matcher matcher = FORMAT.matcher(text);
		FeedOrder order = matcher.matches() ? FeedOrder.ofCode(matcher.group(1)) : null;
		if (order == null) {
			throw invalid();
		}
		if (matcher.group(2) != null) {
			return inSnapshot(order, matcher.group(2), Integer.parseInt(matcher.group(3)));
		}
		long before;
		try {
			before = Long.parseLong(matcher.group(4));
		}
		catch (NumberFormatException ex) {
			throw invalid();
		}
		if (before <= 0) {
			throw invalid();
		}
		return olderThan(order, before);
	}

	/** The answer to a cursor that was never made here, or that outlived its snapshot. */
	static ApiException invalid() {
		return ApiException.validation("The cursor is not valid, or has expired: read the feed again from the start.",
				List.of(new FieldViolation("cursor", "must be a next_cursor of a recent page")));
	}

}
