package com.pixelgram.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.events.AccountPrivacyChanged;
import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.CommentTakenDown;
import com.pixelgram.events.DataExportFailed;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.DataExportRequested;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.PostTakenDown;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.events.UserUnblocked;

/**
 * Which queue receives which event: one queue per consuming service, each with its
 * dead-letter queue. Names here are physical (prefix included).
 */
public final class EventTopology {

	/**
	 * The consumer queues of docs/architecture.md §4 and the event types each receives:
	 * feed- and notification-service hear about everything, user-service only about posts
	 * (it keeps each author's post count), post-service only about blocks, follows and
	 * private accounts (it decides who may see, like and comment on whose posts) and
	 * about deleted accounts (it erases their posts, likes, comments and photos). A queue
	 * receives only what its consumer handles, so that no service pays for reading and
	 * dropping the rest.
	 * <p>
	 * The data-export events are the exception to "everything" for feed- and
	 * notification-service: a request carries the user's private profile (email included)
	 * and goes only to post-service, which builds the archive; its outcome goes to
	 * user-service, and only a finished export to notification-service (the user is
	 * told).
	 */
	public static final Map<String, Set<String>> DEFAULT_SUBSCRIPTIONS = defaultSubscriptions();

	/** The consumer queues of docs/architecture.md §4, in provisioning order. */
	public static final List<String> DEFAULT_QUEUES = List.copyOf(DEFAULT_SUBSCRIPTIONS.keySet());

	private final String prefix;

	private final Map<String, Set<String>> subscriptions;

	public EventTopology(EventProperties properties) {
		this.prefix = properties.queuePrefix();
		Map<String, Set<String>> byQueue = new LinkedHashMap<>();
		if (properties.subscriptions() == null || properties.subscriptions().isEmpty()) {
			byQueue.putAll(DEFAULT_SUBSCRIPTIONS);
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

	private static Map<String, Set<String>> defaultSubscriptions() {
		Map<String, Set<String>> byQueue = new LinkedHashMap<>();
		Set<String> exports = Set.of(DataExportRequested.class.getSimpleName(), DataExportReady.class.getSimpleName(),
				DataExportFailed.class.getSimpleName());
		byQueue.put("feed-events", allBut(exports));
		byQueue.put("notification-events",
				allBut(Set.of(DataExportRequested.class.getSimpleName(), DataExportFailed.class.getSimpleName())));
		byQueue.put("user-events",
				Set.of(PostPublished.class.getSimpleName(), PostDeleted.class.getSimpleName(),
						CommentCreated.class.getSimpleName(), CommentDeleted.class.getSimpleName(),
						DataExportReady.class.getSimpleName(), DataExportFailed.class.getSimpleName(),
						UserSuspended.class.getSimpleName(), UserReinstated.class.getSimpleName(),
						UserDeleted.class.getSimpleName()));
		byQueue.put("post-events",
				Set.of(UserBlocked.class.getSimpleName(), UserUnblocked.class.getSimpleName(),
						AccountPrivacyChanged.class.getSimpleName(), FollowCreated.class.getSimpleName(),
						FollowDeleted.class.getSimpleName(), UserDeleted.class.getSimpleName(),
						UserSuspended.class.getSimpleName(), UserReinstated.class.getSimpleName(),
						PostTakenDown.class.getSimpleName(), CommentTakenDown.class.getSimpleName(),
						DataExportRequested.class.getSimpleName()));
		return Collections.unmodifiableMap(byQueue);
	}

	private static Set<String> allBut(Set<String> excluded) {
		Set<String> types = new LinkedHashSet<>(EventCodec.knownTypes());
		types.removeAll(excluded);
		return Set.copyOf(types);
	}

}
