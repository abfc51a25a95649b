package com.pixelgram.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force protection of logins, keyed by account and client address so that a guesser
 * cannot lock the owner out: an address that keeps failing for an account is refused for
 * growing periods, the others are not.
 *
 * @param ipMaxFailures failed logins of one account from one address after which that
 * address is refused for the account
 * @param failureWindow how long failures count, from the last one (an address's) or the
 * first one (the account's)
 * @param initialBlock how long an address is refused at first; it doubles with every
 * further failure
 * @param maxBlock the longest an address is refused at once
 * @param accountMaxFailures failed logins of one account from all addresses after which
 * every address gets only {@code throttledIpMaxFailures} before it is refused; an address
 * without failures (the owner's) still logs in
 * @param throttledIpMaxFailures failures an address may have while the account is over
 * {@code accountMaxFailures}
 */
@ConfigurationProperties("pixelgram.users.login")
record LoginProperties(@DefaultValue("5") int ipMaxFailures, @DefaultValue("15m") Duration failureWindow,
		@DefaultValue("1m") Duration initialBlock, @DefaultValue("15m") Duration maxBlock,
		@DefaultValue("50") int accountMaxFailures, @DefaultValue("1") int throttledIpMaxFailures) {

}
