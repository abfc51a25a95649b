package com.pixelgram.user.mail;

import com.pixelgram.user.token.AccountTokens;

/**
 * The mail the service sends: each has a subject and a plain-text and an HTML body under
 * {@code mail/<name>.txt|.html}, and, when it carries a link, the purpose of its token
 * and the page the link opens.
 */
public enum MailTemplate {

	/** At registration and on request: the link that verifies the address. */
	VERIFY_EMAIL("verify-email", "Confirm your email address", AccountTokens.Purpose.VERIFY_EMAIL, "/verify-email"),

	/** On request: the link that sets a new password, valid 15 minutes. */
	PASSWORD_RESET("password-reset", "Reset your Pixelgram password", AccountTokens.Purpose.RESET_PASSWORD,
			"/reset-password"),

	/**
	 * After the password changed, so that the owner learns of a change they did not make.
	 */
	PASSWORD_CHANGED("password-changed", "Your Pixelgram password was changed", null, null),

	/**
	 * On an email change, to the new address: the link that moves the account to it. It
	 * opens the page of {@link #VERIFY_EMAIL}, whose endpoint takes either token.
	 */
	CONFIRM_EMAIL_CHANGE("confirm-email-change", "Confirm your new email address", AccountTokens.Purpose.CHANGE_EMAIL,
			"/verify-email"),

	/**
	 * After the account moved to a new email, to the old one, so that the owner learns of
	 * a change they did not make: it carries the link that undoes the change, since a
	 * password reset would go to the new address.
	 */
	EMAIL_CHANGED_UNDO("email-changed-undo", "Your Pixelgram email address was changed",
			AccountTokens.Purpose.UNDO_EMAIL_CHANGE, "/undo-email-change"),

	/**
	 * The notice of {@link #EMAIL_CHANGED_UNDO} without its link, as versions before undo
	 * links queued it: such rows still in an outbox during an upgrade are sent as they
	 * were written rather than failing for want of a token.
	 */
	EMAIL_CHANGED("email-changed", "Your Pixelgram email address was changed", null, null);

	private final String templateName;

	private final String subject;

	private final AccountTokens.Purpose purpose;

	private final String page;

	MailTemplate(String templateName, String subject, AccountTokens.Purpose purpose, String page) {
		this.templateName = templateName;
		this.subject = subject;
		this.purpose = purpose;
		this.page = page;
	}

	String templateName() {
		return this.templateName;
	}

	String subject() {
		return this.subject;
	}

	AccountTokens.Purpose purpose() {
		return this.purpose;
	}

	String page() {
		return this.page;
	}

	static MailTemplate named(String name) {
		for (MailTemplate template : values()) {
			if (template.templateName.equals(name)) {
				return template;
			}
		}
		throw new IllegalArgumentException("no mail template " + name);
	}

}
