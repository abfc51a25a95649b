package com.pixelgram.notification.push;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends nothing and logs what it would send (dev-stack, local runs); never the token. */
class LogPushSender implements PushSender {

	private static final Logger log = LoggerFactory.getLogger(LogPushSender.class);

	@Override
	public Outcome send(Device device, PushMessage message) {
		log.info("Push to user {} ({}): {}", device.userId(), device.platform(), message.body());
		return Outcome.SENT;
	}

}
