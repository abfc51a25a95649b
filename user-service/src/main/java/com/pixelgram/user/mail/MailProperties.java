package com.pixelgram.user.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How mail is sent (the SMTP server itself is Spring Mail's {@code spring.mail.*}).
 *
 * @param from the sender's address
 * @param fromName the sender's display name
 * @param linkBaseUrl where the links in mail point: the app's web origin, whose pages (or
 * the app, through universal links) take the token from {@code ?token=}
 * @param sweepInterval how often every shard's mail outbox is looked at for mail whose
 * retry is due (mail goes out at once after its commit; the sweep is for retries and for
 * mail a restart left behind)
 * @param batchSize messages one pass over a shard sends at most
 * @param initialRetryDelay the wait after a first failed send, doubling with each failure
 * @param maxRetryDelay the longest wait between two tries
 * @param giveUpAfter mail not sent this long after it was written is dropped (logged)
 */
@ConfigurationProperties("pixelgram.users.mail")
record MailProperties(@DefaultValue("no-reply@pixelgram.dev") String from, @DefaultValue("Pixelgram") String fromName,
		@DefaultValue("https://pixelgram.dev") String linkBaseUrl, @DefaultValue("30s") Duration sweepInterval,
		@DefaultValue("50") int batchSize, @DefaultValue("30s") Duration initialRetryDelay,
		@DefaultValue("30m") Duration maxRetryDelay, @DefaultValue("2d") Duration giveUpAfter) {

}
