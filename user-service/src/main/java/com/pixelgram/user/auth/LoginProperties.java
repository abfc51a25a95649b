package com.pixelgram.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force protection of logins.
 *
 * @param maxFailures failed logins of one account after which logins are refused
 * @param failureWindow how long failures count, from the first one
 */
@ConfigurationProperties("pixelgram.users.login")
record LoginProperties(@DefaultValue("10") int maxFailures, @DefaultValue("15m") Duration failureWindow) {

}
