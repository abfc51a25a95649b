package com.pixelgram.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads the JSON envelope. It owns its mapper so that the wire format (snake
 * case, ISO-8601 instants, IDs as strings) does not follow any one service's settings.
 */
public final class EventCodec {

	private static final Map<String, Class<? extends DomainEvent>> TYPES = Arrays
		.stream(DomainEvent.class.getPermittedSubclasses())
		.map(EventCodec::asEventClass)
		.collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

	private final JsonMapper mapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/** The envelope of a new event, as JSON. */
	public String encode(UUID eventId, Instant occurredAt, DomainEvent event) {
		JsonNode payload = this.mapper.valueToTree(event);
		return this.mapper
			.writeValueAsString(new EventEnvelope(eventId, event.type(), DomainEvent.VERSION, occurredAt, payload));
	}

	/**
	 * Reads an envelope. A type this version does not know comes back without an event,
	 * so that a consumer can skip it instead of failing on it forever.
	 * @throws MalformedEventException when the text is not an envelope at all
	 */
	public ReceivedEvent decode(String json) {
		try {
			EventEnvelope envelope = this.mapper.readValue(json, EventEnvelope.class);
			if (envelope.eventId() == null || envelope.type() == null || envelope.payload() == null) {
				throw new MalformedEventException("envelope without event_id, type or payload");
			}
			Class<? extends DomainEvent> type = TYPES.get(envelope.type());
			DomainEvent event = (type != null) ? this.mapper.treeToValue(envelope.payload(), type) : null;
			return new ReceivedEvent(envelope, event);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("unreadable event: " + ex.getOriginalMessage());
		}
	}

	/** Every event type name the contract knows. */
	public static java.util.Set<String> knownTypes() {
		return TYPES.keySet();
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends DomainEvent> asEventClass(Class<?> type) {
		return (Class<? extends DomainEvent>) type;
	}

}
