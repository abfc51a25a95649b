package com.pixelgram.user.account;

import java.util.Locale;

/** The rules of account fields, shared by registration and profile changes. */
public final class AccountRules {

	/**
	 * 3 to 30 ASCII letters, digits, dots and underscores. Upper case is accepted and
	 * kept for display, uniqueness ignores it; any other script (a Cyrillic "а" that
	 * looks like a Latin "a") is refused, so that no two names look alike.
	 */
	public static final String USERNAME_PATTERN = "[A-Za-z0-9._]{3,30}";

	/**
	 * Text without a lone UTF-16 surrogate (a JSON string may escape one,
	 * {@code "\ud800"}): such text has no UTF-8 form, and the password hash refuses it.
	 */
	public static final String WELL_FORMED = "[^\\p{Cs}]*";

	public static final String WELL_FORMED_RULE = "must be valid Unicode text";

	/** What the username rule says, for validation messages. */
	public static final String USERNAME_RULE = "must be 3 to 30 characters of a-z, 0-9, '.' and '_'";

	/**
	 * A plausible address without spaces or control characters, with a dot in the domain;
	 * whether it exists only a verification mail can tell.
	 */
	public static final String EMAIL_PATTERN = "[^\\s\\p{Cntrl}@]+@[^\\s\\p{Cntrl}@]+\\.[^\\s\\p{Cntrl}@]+";

	/**
	 * One line of text: no control characters (Postgres refuses NUL, logs hate the rest).
	 */
	public static final String SINGLE_LINE = "[^\\p{Cntrl}]*";

	/**
	 * Text that may span lines: no control characters but line feeds. One character class
	 * ({@code \\p{Cntrl}} is U+0000 to U+001F and U+007F) rather than an alternation in a
	 * repeated group, which Java matches by recursion, one stack frame per character: a
	 * few thousand characters overflowed the stack.
	 */
	public static final String MULTI_LINE = "[^\\x00-\\x09\\x0B-\\x1F\\x7F]*";

	/** An https URL without spaces, or empty to clear it. */
	public static final String IMAGE_URL = "(?:https://[^\\s\\p{Cntrl}]+)?";

	public static final String NO_CONTROL_CHARACTERS = "must not contain control characters";

	/**
	 * The validation group of the rules about content (patterns, address syntax), which a
	 * request checks only once every size rule has passed: no pattern ever runs over more
	 * characters than the field may hold.
	 */
	public interface Content {

	}

	private AccountRules() {
	}

	/** The directory key of a username: unique ignoring case. */
	public static String key(String username) {
		return username.toLowerCase(Locale.ROOT);
	}

	/** The directory key of an email: unique ignoring case. */
	public static String emailKey(String email) {
		return email.toLowerCase(Locale.ROOT);
	}

}
