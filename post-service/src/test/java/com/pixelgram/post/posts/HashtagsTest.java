package com.pixelgram.post.posts;

import java.util.ArrayList;
import java.util.List;

import com.pixelgram.web.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashtagsTest {

	@Test
	void findsEachTagOnceNormalisedInOrderOfFirstUse() {
		assertThat(Hashtags.parse("#Café at dawn #porto_2026, #CAFÉ again and #cafe\u0301 #日本 #_x"))
			.containsExactly("café", "porto_2026", "日本", "_x");
	}

	@Test
	void aHashInsideAWordOrAnEntityOrAloneIsNoTag() {
		assertThat(Hashtags.parse("C# a#b &#39; # ## #-x #!")).isEmpty();
		assertThat(Hashtags.parse(null)).isEmpty();
	}

	@Test
	void aTagEndsAtTheFirstCharacterThatIsNotALetterDigitOrUnderscore() {
		assertThat(Hashtags.parse("#sun-set #été! #a.b")).containsExactly("sun", "été", "a");
	}

	@Test
	void refusesTooManyOrTooLongTags() {
		StringBuilder caption = new StringBuilder();
		for (int i = 0; i < 31; i++) {
			caption.append("#tag").append(i).append(' ');
		}
		List<FieldViolation> errors = new ArrayList<>();

		Hashtags.check(errors, caption.toString(), 30, 100);
		Hashtags.check(errors, "#" + "é".repeat(101), 30, 100);
		Hashtags.check(errors, "#" + "é".repeat(100) + " " + caption.substring(0, caption.indexOf("#tag29")), 30, 100);

		assertThat(errors).extracting(FieldViolation::message)
			.containsExactly("must hold at most 30 hashtags", "hashtags must be at most 100 characters");
	}

}
