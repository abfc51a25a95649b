package com.pixelgram.user.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one normal form of names and queries: compatibility-decomposed, accents removed,
 * lower case, single spaces. "José", "JOSE" and "ｊｏｓｅ" all become "jose".
 */
final class SearchText {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	private SearchText() {
	}

	public static String normalize(String text) {
		if (text == null) {
			return "";
		}
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
		String bare = MARKS.matcher(decomposed).replaceAll("");
		return SPACES.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
	}

	/**
	 * The text with LIKE's wildcards and escape character made literal (escape
	 * {@code \}).
	 */
	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
