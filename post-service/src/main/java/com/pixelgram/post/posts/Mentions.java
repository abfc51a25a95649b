package com.pixelgram.post.posts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.events.Mention;
import com.pixelgram.web.FieldViolation;

/**
 * The {@code @username}s of a caption or comment. A candidate is {@code @} then the
 * characters of a username (ASCII letters, digits, {@code .} and {@code _}), 3 to 30 of
 * them once trailing dots (the end of a sentence) are left out. It is no mention when the
 * {@code @} follows a letter, digit or mark of any script, an underscore, a dot or
 * another {@code @} ({@code a@b.com}, {@code é@x}, {@code @@x}), nor when the name runs
 * on into a letter, digit or mark a username cannot hold ({@code @josé}) or into another
 * {@code @} ({@code @alice@example.com}). Offsets are UTF-16 code units of the text as
 * written ({@code start} at the {@code @}, {@code end} exclusive), as clients index
 * strings.
 */
public final class Mentions {

	/** The most distinct users one text may mention. */
	public static final int MAX_DISTINCT = 20;

	private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}\\p{M}_.@])@([A-Za-z0-9._]+)");

	private static final int MIN_LENGTH = 3;

	private static final int MAX_LENGTH = 30;

	private Mentions() {
	}

	/** Every candidate of the text, in order, duplicates included. */
	public static List<Candidate> candidates(String text) {
		if (text == null || text.indexOf('@') < 0) {
			return List.of();
		}
		List<Candidate> found = new ArrayList<>();
		Matcher matcher = CANDIDATE.matcher(text);
		while (matcher.find()) {
			int end = matcher.end(1);
			if (end < text.length()) {
				int next = text.codePointAt(end);
				if (next == '@' || Character.isLetterOrDigit(next)
						|| Character.getType(next) == Character.NON_SPACING_MARK
						|| Character.getType(next) == Character.COMBINING_SPACING_MARK
						|| Character.getType(next) == Character.ENCLOSING_MARK) {
					continue;
				}
			}
			while (end > matcher.start(1) && text.charAt(end - 1) == '.') {
				end--;
			}
			int length = end - matcher.start(1);
			if (length >= MIN_LENGTH && length <= MAX_LENGTH) {
				found.add(new Candidate(text.substring(matcher.start(1), end), matcher.start(), end));
			}
		}
		return found;
	}

	/**
	 * The distinct usernames of the text's candidates, lower case, in order of first use.
	 */
	public static List<String> usernames(String text) {
		Set<String> names = new LinkedHashSet<>();
		candidates(text).forEach((candidate) -> names.add(key(candidate.username())));
		return List.copyOf(names);
	}

	/**
	 * The mentions of the text: its candidates whose username is a user's (by lower-case
	 * username); the others are plain text.
	 */
	public static List<Mention> resolve(String text, Map<String, User> users) {
		List<Mention> mentions = new ArrayList<>();
		for (Candidate candidate : candidates(text)) {
			User user = users.get(key(candidate.username()));
			if (user != null) {
				mentions.add(new Mention(user.userId(), user.username(), candidate.start(), candidate.end()));
			}
		}
		return List.copyOf(mentions);
	}

	/** The distinct users mentioned, in order of first mention. */
	public static List<Long> users(List<Mention> mentions) {
		Set<Long> ids = new LinkedHashSet<>();
		mentions.forEach((mention) -> ids.add(mention.userId()));
		return List.copyOf(ids);
	}

	/** Adds a violation when the text mentions more than {@link #MAX_DISTINCT} users. */
	public static void check(List<FieldViolation> errors, String field, String text) {
		if (usernames(text).size() > MAX_DISTINCT) {
			errors.add(new FieldViolation(field, "must mention at most " + MAX_DISTINCT + " users"));
		}
	}

	/** A username as the directory matches it. */
	static String key(String username) {
		return username.toLowerCase(Locale.ROOT);
	}

	/**
	 * An {@code @username} found in a text.
	 *
	 * @param username the name as written, without the {@code @}
	 * @param start the offset of the {@code @}
	 * @param end the offset just past the name
	 */
	public record Candidate(String username, int start, int end) {

	}

	/**
	 * A user a username names.
	 *
	 * @param userId the user
	 * @param username the username as the user spells it
	 */
	public record User(long userId, String username) {

	}

}
