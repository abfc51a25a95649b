package com.pixelgram.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's inbox as dev-stack's GreenMail keeps it, read over IMAP as a mail client
 * would: log in as the address (any password), open INBOX.
 */
final class Mailbox {

	private static final Pattern TOKEN = Pattern.compile("token=(\\d+\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22})");

	private static final Duration WAIT = Duration.ofSeconds(60);

	private Mailbox() {
	}

	/**
	 * A received mail.
	 *
	 * @param subject the subject
	 * @param plain the text/plain part
	 * @param html the text/html part
	 */
	record Mail(String subject, String plain, String html) {

		/** The token of the mail's link, the same in both parts. */
		String token() {
			String token = tokenIn(this.plain);
			assertThat(tokenIn(this.html)).isEqualTo(token);
			return token;
		}

		private static String tokenIn(String text) {
			Matcher matcher = TOKEN.matcher(text);
			assertThat(matcher.find()).as("a link with a token in %s", text).isTrue();
			return matcher.group(1);
		}

	}

	/**
	 * Waits until the address has at least {@code count} mails and returns them, oldest
	 * first.
	 */
	static List<Mail> await(String address, int count) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			List<Mail> mails = read(address);
			if (mails.size() >= count) {
				return mails;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("expected " + count + " mails for " + address + ", got " + mails.size());
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** The address's nth mail (from 1), once it came. */
	static Mail nth(String address, int nth) {
		return await(address, nth).get(nth - 1);
	}

	/** Every mail of the address so far. */
	static List<Mail> read(String address) {
		Properties properties = new Properties();
		properties.put("mail.imap.connectiontimeout", "5000");
		properties.put("mail.imap.timeout", "5000");
		Session session = Session.getInstance(properties);
		try (Store store = session.getStore("imap")) {
			store.connect("127.0.0.1", PixelgramStack.IMAP_PORT, address, address);
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			try {
				List<Mail> mails = new ArrayList<>();
				for (Message message : inbox.getMessages()) {
					List<String[]> parts = new ArrayList<>();
					collect(message, parts);
					mails.add(new Mail(message.getSubject(), part(parts, "text/plain"), part(parts, "text/html")));
				}
				return mails;
			}
			finally {
				inbox.close(false);
			}
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("cannot read the mail of " + address, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void collect(Part part, List<String[]> parts) throws MessagingException, IOException {
		Object content = part.getContent();
		if (content instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				collect(multipart.getBodyPart(i), parts);
			}
		}
		else if (content instanceof String text) {
			parts.add(new String[] { part.getContentType().toLowerCase(Locale.ROOT), text });
		}
	}

	private static String part(List<String[]> parts, String contentType) {
		return parts.stream()
			.filter((part) -> part[0].startsWith(contentType))
			.map((part) -> part[1])
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + contentType + " part"));
	}

}
