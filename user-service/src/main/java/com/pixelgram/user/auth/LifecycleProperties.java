package com.pixelgram.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email verification and change, and password reset.
 *
 * @param verificationTokenTtl how long a verification or email-change link works
 * @param resetTokenTtl how long a password-reset link works
 * @param resetMailsPerEmail reset mails sent at most to one address in each
 * {@code resetMailWindow}; further requests are answered alike and send nothing
 * @param resetMailWindow the window of {@code resetMailsPerEmail}
 * @param undoTokenTtl how long the link in the notice of an email change, mailed to the
 * old address, can move the account back to it
 */
@ConfigurationProperties("pixelgram.users.lifecycle")
record LifecycleProperties(@DefaultValue("48h") Duration verificationTokenTtl,
		@DefaultValue("15m") Duration resetTokenTtl, @DefaultValue("3") int resetMailsPerEmail,
		@DefaultValue("1h") Duration resetMailWindow, @DefaultValue("7d") Duration undoTokenTtl) {

}
