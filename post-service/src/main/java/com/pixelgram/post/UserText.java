package com.pixelgram.post;

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

}
