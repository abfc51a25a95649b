package com.pixelgram.security;

/**
 * What Spring Security's firewall allows in header names and values (assigned characters
 * that are not ISO controls), checked without a regular expression: its default runs a
 * regex over every header of every request, a bearer token's eight hundred characters
 * included, which showed in the services' profiles.
 */
final class HeaderChars {

	private HeaderChars() {
	}

	/** Whether every code point is assigned and none is an ISO control. */
	static boolean allowed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.UNASSIGNED) {
				return false;
			}
			if (Character.isSupplementaryCodePoint(codePoint)) {
				i++;
			}
		}
		return true;
	}

}
