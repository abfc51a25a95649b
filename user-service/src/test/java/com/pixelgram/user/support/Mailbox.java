package com.pixelgram.user.support;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.testsupport.TestMail;
import com.pixelgram.testsupport.embedded.EmbeddedMailServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail the service sent to an address, as the embedded SMTP server received it. */
public final class Mailbox {

	private static final Pattern TOKEN = Pattern.compile("token=(\\d+\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22})");

	private Mailbox() {
	}

	/** Waits for the address's nth message (from 1) and returns it. */
	public static MimeMessage await(String address, int nth) {
		List<MimeMessage> messages = TestMail.server().awaitMessages(address, nth, Duration.ofSeconds(20));
		return messages.get(nth - 1);
	}

	/** The messages the address received so far. */
	public static List<MimeMessage> of(String address) {
		return TestMail.server().receivedBy(address);
	}

	/**
	 * The token a message's link carries, checked to be the same in its plain-text and
	 * its HTML part.
	 */
	public static String token(MimeMessage message) {
		List<EmbeddedMailServer.TextPart> parts = EmbeddedMailServer.textParts(message);
		assertThat(parts).extracting(EmbeddedMailServer.TextPart::contentType)
			.containsExactlyInAnyOrder("text/plain", "text/html");
		String plain = tokenIn(text(message, "text/plain"));
		assertThat(tokenIn(text(message, "text/html"))).isEqualTo(plain);
		return plain;
	}

	/** The text of the message's part of the content type. */
	public static String text(MimeMessage message, String contentType) {
		return EmbeddedMailServer.textParts(message)
			.stream()
			.filter((part) -> part.contentType().equals(contentType))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + contentType + " part"))
			.text();
	}

	public static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String tokenIn(String text) {
		Matcher matcher = TOKEN.matcher(text);
		assertThat(matcher.find()).as("a link with a token in %s", text).isTrue();
		return matcher.group(1);
	}

}
