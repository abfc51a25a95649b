package com.pixelgram.notification.push;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Sends nothing and logs what it would send (dev-stack, local runs); never the token. */
class LogPushSender implements PushSender {

	private static final Log logger = LogFactory.getLog(LogPushSender.class);

	@Override
	public Outcome send(Device device, PushMessage message) {
		logger.info("Push to user " + device.userId() + " (" + device.platform() + "): " + message.body());
		return Outcome.SENT;
	}

}
