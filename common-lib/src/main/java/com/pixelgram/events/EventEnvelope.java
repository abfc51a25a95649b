package com.pixelgram.events;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * What travels on a queue: {@code {event_id, type, version, occurred_at, payload}}.
 *
 * @param eventId unique per event; consumers deduplicate on it
 * @param type the event's type name
 * @param version the payload's schema version
 * @param occurredAt when the change was committed (to the publisher's clock)
 * @param payload the event record as JSON
 */
public record EventEnvelope(UUID eventId, String type, int version, Instant occurredAt, JsonNode payload) {

}
