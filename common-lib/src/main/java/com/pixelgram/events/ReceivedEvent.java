package com.pixelgram.events;

import java.util.UUID;

/**
 * An event as a consumer receives it.
 *
 * @param envelope the envelope as sent
 * @param event the decoded payload, or {@code null} for a type this version does not know
 */
public record ReceivedEvent(EventEnvelope envelope, DomainEvent event) {

	public UUID eventId() {
		return this.envelope.eventId();
	}

	public boolean isKnown() {
		return this.event != null;
	}

}
