package com.pixelgram.post.posts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.web.FieldViolation;

/**
 * The hashtags of a caption: {@code #} then Unicode letters, digits (and the marks that
 * combine with them) or underscores, not preceded by one of those (so {@code a#b} and
 * {@code &#39;} are not tags). A tag is normalised as Unicode NFC in lower case, so
 * {@code #Café}, {@code #CAFÉ} and a decomposed {@code #café} are one tag.
 */
public final class Hashtags {

	private static final String CHARACTER = "[\\p{L}\\p{N}\\p{M}_]";

	private static final Pattern TAG = Pattern.compile("(?<![\\p{L}\\p{N}\\p{M}_&])#(" + CHARACTER + "+)");

	private static final Pattern NAME = Pattern.compile(CHARACTER + "+");

	private Hashtags() {
	}

	/** The normalised tags of a text, each once, in order of first use. */
	public static List<String> parse(String text) {
		if (text == null || text.indexOf('#') < 0) {
			return List.of();
		}
		Set<String> tags = new LinkedHashSet<>();
		Matcher matcher = TAG.matcher(Normalizer.normalize(text, Normalizer.Form.NFC));
		while (matcher.find()) {
			tags.add(normalise(matcher.group(1)));
		}
		return List.copyOf(tags);
	}

	/** A tag as it is stored and looked up: NFC, lower case. */
	public static String normalise(String tag) {
		String lower = Normalizer.normalize(tag, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
		return Normalizer.normalize(lower, Normalizer.Form.NFC);
	}

	/** Whether a normalised text is a whole tag (without its {@code #}). */
	static boolean isTag(String text) {
		return NAME.matcher(text).matches();
	}

	/**
	 * Adds what is wrong with a caption's hashtags to the errors: more than
	 * {@code maxCount} distinct tags, or one longer than {@code maxLength} characters.
	 */
	public static void check(List<FieldViolation> errors, String caption, int maxCount, int maxLength) {
		List<String> tags = parse(caption);
		if (tags.size() > maxCount) {
			errors.add(new FieldViolation("caption", "must hold at most " + maxCount + " hashtags"));
		}
		List<String> tooLong = new ArrayList<>();
		for (String tag : tags) {
			if (tag.codePointCount(0, tag.length()) > maxLength) {
				tooLong.add(tag);
			}
		}
		if (!tooLong.isEmpty()) {
			errors.add(new FieldViolation("caption", "hashtags must be at most " + maxLength + " characters"));
		}
	}

}
