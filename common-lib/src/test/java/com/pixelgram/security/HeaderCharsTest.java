package com.pixelgram.security;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header check agrees with the regular expression it replaces. */
class HeaderCharsTest {

	/** StrictHttpFirewall's default for header names and values. */
	private static final Pattern DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void agreesWithTheDefaultOnEveryCharacterOfTheBasicPlaneAndSomeOthers() {
		for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint += (codePoint < 0x10000) ? 1 : 97) {
			String text = "a" + new String(Character.toChars(codePoint)) + "b";
			assertThat(HeaderChars.allowed(text)).as("U+%04X", codePoint).isEqualTo(DEFAULT.matcher(text).matches());
		}
	}

	@Test
	void agreesWithTheDefaultOnRandomText() {
		SplittableRandom random = new SplittableRandom(42);
		int[] pool = { 'a', 'Z', '0', ' ', '~', '\t', '\n', 0x7f, 0x85, 0xa0, 0xe9, 0x378, 0x20ac, 0xd800, 0xdc00,
				0xfffe, 0x1f600, 0xe0001, 0x10ffff };
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				text.appendCodePoint(pool[random.nextInt(pool.length)]);
			}
			String value = text.toString();
			assertThat(HeaderChars.allowed(value)).as(value).isEqualTo(DEFAULT.matcher(value).matches());
		}
	}

	@Test
	void allowsATokenAndRefusesControls() {
		assertThat(HeaderChars.allowed("Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln")).isTrue();
		assertThat(HeaderChars.allowed("")).isTrue();
		assertThat(HeaderChars.allowed("value\r\nX-Injected: 1")).isFalse();
		assertThat(HeaderChars.allowed("nul\u0000")).isFalse();
	}

}
