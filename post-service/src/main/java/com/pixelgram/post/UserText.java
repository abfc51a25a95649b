package com.pixelgram.post;

import java.util.List;

import com.pixelgram.web.FieldViolation;

/**
 * Rules every text typed by a user follows, whatever its field.
 */
public final class UserText {

	private UserText() {
	}

	/**
	 * Whether the text holds a control character (Unicode category Cc). Postgres cannot
	 * store U+0000 in text at all, and none of the others belongs in what people read;
	 * tab and line breaks may be allowed in text written in paragraphs.
	 * @param text the text, or {@code null}
	 * @param tabsAndLineBreaks whether tab, line feed and carriage return are allowed
	 */
	public static boolean hasControlCharacter(String text, boolean tabsAndLineBreaks) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && !(tabsAndLineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds what is wrong with a text field to the errors: too long, or a control
	 * character. A caption is written in paragraphs; a location and an alt text are one
	 * line.
	 * @param errors where violations go
	 * @param field the field's name in the API
	 * @param value the text, or {@code null}
	 * @param max the most characters (code points)
	 * @param paragraphs whether tab and line breaks are allowed
	 */
	public static void check(List<FieldViolation> errors, String field, String value, int max, boolean paragraphs) {
		if (value != null && value.codePointCount(0, value.length()) > max) {
			errors.add(new FieldViolation(field, "must be at most " + max + " characters"));
		}
		if (hasControlCharacter(value, paragraphs)) {
			errors.add(new FieldViolation(field,
					paragraphs ? "must not contain control characters other than tab and line breaks"
							: "must not contain control characters"));
		}
	}

}
