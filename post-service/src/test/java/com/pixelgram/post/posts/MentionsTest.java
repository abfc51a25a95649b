package com.pixelgram.post.posts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pixelgram.events.Mention;
import com.pixelgram.web.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MentionsTest {

	private static final Map<String, Mentions.User> USERS = Map.of("alice", new Mentions.User(1, "Alice"), "bob_2",
			new Mentions.User(2, "bob_2"), "c.d", new Mentions.User(3, "c.d"));

	@Test
	void findsUsernamesWithTheirOffsetsInTheText() {
		String text = "Dinner with @alice and @bob_2!";

		assertThat(Mentions.resolve(text, USERS)).containsExactly(new Mention(1, "Alice", 12, 18),
				new Mention(2, "bob_2", 23, 29));
		assertThat(text.substring(12, 18)).isEqualTo("@alice");
	}

	@Test
	void punctuationEndsAUsernameAndATrailingDotIsTheSentences() {
		String text = "(@alice), @bob_2: @c.d. @alice?";

		assertThat(Mentions.candidates(text)).extracting(Mentions.Candidate::username)
			.containsExactly("alice", "bob_2", "c.d", "alice");
		List<Mention> mentions = Mentions.resolve(text, USERS);
		assertThat(mentions).extracting((mention) -> text.substring(mention.start(), mention.end()))
			.containsExactly("@alice", "@bob_2", "@c.d", "@alice");
	}

	@Test
	void anAtSignInsideAWordOrAnEmailAddressIsNoMention() {
		assertThat(Mentions.candidates("write to a@b.com or alice@example.com")).isEmpty();
		assertThat(Mentions.candidates("mail @alice@example.com")).isEmpty();
		assertThat(Mentions.candidates("x_@alice 1@alice .@alice @@alice")).isEmpty();
	}

	@Test
	void offsetsCountUtf16CodeUnitsOfTextInAnyScript() {
		// an emoji is two UTF-16 code units, a decomposed é two characters
		String text = "🌅 Café\u0301 mit @alice, 東京 @bob_2";

		List<Mention> mentions = Mentions.resolve(text, USERS);

		assertThat(mentions).extracting((mention) -> text.substring(mention.start(), mention.end()))
			.containsExactly("@alice", "@bob_2");
		assertThat(mentions.get(0).start()).isEqualTo(text.indexOf("@alice"));
	}

	@Test
	void aLetterOfAnotherScriptBeforeOrAfterMakesItNoMention() {
		// "é@alice" is part of a word; "@alicé" is not the username "alic"
		assertThat(Mentions.candidates("é@alice @alicé 東@alice @alice\u0301")).isEmpty();
		assertThat(Mentions.candidates("東京 @alice")).extracting(Mentions.Candidate::username).containsExactly("alice");
	}

	@Test
	void duplicatesAreEachAMentionButOneUserAndOneUsername() {
		String text = "@alice @ALICE @alice";

		List<Mention> mentions = Mentions.resolve(text, USERS);

		assertThat(mentions).hasSize(3).allSatisfy((mention) -> assertThat(mention.userId()).isEqualTo(1));
		assertThat(Mentions.users(mentions)).containsExactly(1L);
		assertThat(Mentions.usernames(text)).containsExactly("alice");
	}

	@Test
	void unknownTooShortAndTooLongNamesAreNoMentions() {
		String text = "@nobody @ab @" + "a".repeat(31) + " @alice";

		assertThat(Mentions.usernames(text)).containsExactly("nobody", "alice");
		assertThat(Mentions.resolve(text, USERS)).extracting(Mention::username).containsExactly("Alice");
		assertThat(Mentions.resolve(null, USERS)).isEmpty();
	}

	@Test
	void refusesATextMentioningTooManyUsers() {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i <= Mentions.MAX_DISTINCT; i++) {
			text.append("@user").append(i).append(' ');
		}
		List<FieldViolation> errors = new ArrayList<>();

		Mentions.check(errors, "caption", text.toString());
		Mentions.check(errors, "caption", "@alice @alice");

		assertThat(errors).extracting(FieldViolation::field).containsExactly("caption");
	}

}
