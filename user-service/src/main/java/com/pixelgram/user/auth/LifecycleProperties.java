package com.pixelgram.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email verification and password reset.
 *
 * @param verificationTokenTtl how long a verification link works
 * @param resetTokenTtl how long a password-reset link works
 * @param resetMailsPerEmail reset mails sent at most to one address in each
 * {@code resetMailWindow}; further requests are answered alike and send nothing
 * @param resetMailWindow the window of {@code resetMailsPerEmail}
 */
@ConfigurationProperties("pixelgram.users.lifecycle")
record LifecycleProperties(@DefaultValue("48h") Duration verificationTokenTtl,
		@DefaultValue("15m") Duration resetTokenTtl, @DefaultValue("3") int resetMailsPerEmail,
		@DefaultValue("1h") Duration resetMailWindow) {

}
