package com.pixelgram.notification.push;

import java.util.Locale;

/**
 * Sends one message to one device through a push provider, retrying what is worth
 * retrying itself.
 */
interface PushSender {

	Outcome send(Device device, PushMessage message);

	/** How a send ended. */
	enum Outcome {

		/** The provider accepted the message. */
		SENT,

		/** The provider says the token is dead: the registration must go. */
		INVALID_TOKEN,

		/** Not delivered (retries exhausted or a permanent error not about the token). */
		FAILED;

		/** The metric tag value. */
		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
