package com.pixelgram.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.events.EventCodec;

/**
 * Which queue receives which event: one queue per consuming service, each with its
 * dead-letter queue. Names here are physical (prefix included).
 */
public final class EventTopology {

	/** The consumer queues of DESIGN.md §4. */
	public static final List<String> DEFAULT_QUEUES = List.of("feed-events", "notification-events");

	private final String prefix;

	private final Map<String, Set<String>> subscriptions;

	public EventTopology(EventProperties properties) {
		this.prefix = properties.queuePrefix();
		Map<String, Set<String>> byQueue = new LinkedHashMap<>();
		if (properties.subscriptions() == null || properties.subscriptions().isEmpty()) {
			DEFAULT_QUEUES.forEach((queue) -> byQueue.put(queue, EventCodec.knownTypes()));
		}
		else {
			properties.subscriptions().forEach((queue, types) -> {
				for (String type : types) {
					if (!EventCodec.knownTypes().contains(type)) {
						throw new IllegalArgumentException("queue " + queue + " subscribes to unknown event " + type);
					}
				}
				byQueue.put(queue, new LinkedHashSet<>(types));
			});
		}
		this.subscriptions = Collections.unmodifiableMap(byQueue);
	}

	/** Physical names of the queues that receive an event type. */
	public List<String> destinationsOf(String eventType) {
		List<String> queues = new ArrayList<>();
		this.subscriptions.forEach((queue, types) -> {
			if (types.contains(eventType)) {
				queues.add(physical(queue));
			}
		});
		return queues;
	}

	/** Physical names of every consumer queue. */
	public List<String> queues() {
		return this.subscriptions.keySet().stream().map(this::physical).toList();
	}

	/** The physical name of a logical queue name. */
	public String physical(String queue) {
		return this.prefix + queue;
	}

	/** The dead-letter queue of a physical queue. */
	public static String deadLetterOf(String physicalQueue) {
		return physicalQueue + "-dlq";
	}

}
