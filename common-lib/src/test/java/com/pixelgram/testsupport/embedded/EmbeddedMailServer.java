package com.pixelgram.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server with an IMAP side (GreenMail), for tests and dev-stack: whatever is
 * sent to it is kept in memory and can be read in process or over IMAP, logging in as the
 * recipient's address with any password.
 */
public final class EmbeddedMailServer implements AutoCloseable {

	private final GreenMail greenMail;

	private final int smtpPort;

	private final int imapPort;

	private boolean stopped;

	private EmbeddedMailServer(GreenMail greenMail, int smtpPort, int imapPort) {
		this.greenMail = greenMail;
		this.smtpPort = smtpPort;
		this.imapPort = imapPort;
	}

	/**
	 * Starts SMTP and IMAP on 127.0.0.1.
	 * @param smtpPort the SMTP port, or 0 for any free port
	 * @param imapPort the IMAP port, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMailServer start(int smtpPort, int imapPort) {
		int smtp = FreePorts.resolve(smtpPort);
		int imap = FreePorts.resolve(imapPort);
		GreenMail greenMail = new GreenMail(new ServerSetup[] { new ServerSetup(smtp, "127.0.0.1", "smtp"),
				new ServerSetup(imap, "127.0.0.1", "imap") });
		// Any login works and every recipient gets a mailbox: a developer reads
		// alice@example.com's mail by logging in as alice@example.com.
		greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		greenMail.start();
		return new EmbeddedMailServer(greenMail, smtp, imap);
	}

	public int smtpPort() {
		return this.smtpPort;
	}

	public int imapPort() {
		return this.imapPort;
	}

	/** Every message received so far, in order. */
	public List<MimeMessage> received() {
		return Arrays.asList(this.greenMail.getReceivedMessages());
	}

	/** The messages received so far for an address (compared ignoring case). */
	public List<MimeMessage> receivedBy(String address) {
		return received().stream().filter(addressedTo(address)).toList();
	}

	/**
	 * Waits until at least the given number of messages reached the address.
	 * @return the messages for the address
	 * @throws IllegalStateException if they did not come in time
	 */
	public List<MimeMessage> awaitMessages(String address, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<MimeMessage> messages = receivedBy(address);
			if (messages.size() >= count) {
				return messages;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"expected " + count + " messages for " + address + ", got " + messages.size());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * The text parts of a message, each as its content type's base ({@code text/plain},
	 * {@code text/html}) and its text.
	 */
	public static List<TextPart> textParts(Part message) {
		List<TextPart> parts = new ArrayList<>();
		try {
			collect(message, parts);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return parts;
	}

	private static void collect(Part part, List<TextPart> parts) throws MessagingException, IOException {
		Object content = part.getContent();
		if (content instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				collect(child, parts);
			}
		}
		else if (content instanceof String text) {
			String type = part.getContentType().toLowerCase(Locale.ROOT);
			int semicolon = type.indexOf(';');
			parts.add(new TextPart((semicolon < 0) ? type.strip() : type.substring(0, semicolon).strip(), text));
		}
	}

	private static Predicate<MimeMessage> addressedTo(String address) {
		return (message) -> {
			try {
				Address[] recipients = message.getRecipients(Message.RecipientType.TO);
				return recipients != null && Arrays.stream(recipients)
					.anyMatch((recipient) -> recipient.toString()
						.toLowerCase(Locale.ROOT)
						.contains(address.toLowerCase(Locale.ROOT)));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	@Override
	public synchronized void close() {
		if (!this.stopped) {
			this.stopped = true;
			this.greenMail.stop();
		}
	}

	/**
	 * A text part of a message.
	 *
	 * @param contentType {@code text/plain} or {@code text/html}
	 * @param text the decoded text
	 */
	public record TextPart(String contentType, String text) {

	}

}
