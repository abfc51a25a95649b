package com.pixelgram.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registrations.
 *
 * @param pendingTimeout age after which an unconfirmed directory entry is completed or
 * released by the sweeper
 * @param sweepInterval how often the sweeper runs (ISO-8601)
 */
@ConfigurationProperties("pixelgram.users.registrations")
record RegistrationProperties(@DefaultValue("10m") Duration pendingTimeout,
		@DefaultValue("PT5M") Duration sweepInterval) {

}
