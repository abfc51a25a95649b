package com.pixelgram.post.posts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

/**
 * Where the next page of a hashtag starts, as an opaque token in the style of the feed's
 * keyset cursor: the post the next page's posts are older than.
 */
final class TagCursor {

	private static final Pattern FORMAT = Pattern.compile("1k(\\d{1,19})");

	private static final int MAX_LENGTH = 64;

	private TagCursor() {
	}

	static String encode(long before) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("1k" + before).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The post ID a cursor names.
	 * @throws ApiException 400 when it is not one this service makes
	 */
	static long decode(String token) {
		if (token.isEmpty() || token.length() > MAX_LENGTH) {
			throw invalid();
		}
		try {
			String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
			Matcher matcher = FORMAT.matcher(text);
			if (matcher.matches()) {
				long before = Long.parseLong(matcher.group(1));
				if (before > 0) {
					return before;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not Base64, or a number past a long: invalid like any other
		}
		throw invalid();
	}

	private static ApiException invalid() {
		return ApiException.validation("The cursor is not valid: read the hashtag again from the start.",
				List.of(new FieldViolation("cursor", "must be a next_cursor of an earlier page")));
	}

}
