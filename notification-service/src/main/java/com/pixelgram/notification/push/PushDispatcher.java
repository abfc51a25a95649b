package com.pixelgram.notification.push;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.notification.clients.UserProfile;
import com.pixelgram.notification.clients.UserServiceClient;
import com.pixelgram.notification.inbox.CreatedNotification;
import com.pixelgram.notification.inbox.Summaries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Pushes committed notifications to their recipients' devices on a bounded pool of its
 * own, so that a slow provider never holds an event consumer or a transaction. A full
 * queue drops pushes (counted), never notifications.
 */
@Component
public class PushDispatcher implements DisposableBean {

	static final String TITLE = "Pixelgram";

	private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);

	private final Devices devices;

	private final PushSender sender;

	private final UserServiceClient users;

	private final ThreadPoolExecutor executor;

	private final Map<PushSender.Outcome, Counter> outcomes = new EnumMap<>(PushSender.Outcome.class);

	private final Counter dropped;

	PushDispatcher(Devices devices, PushSender sender, UserServiceClient users, PushProperties properties,
			MeterRegistry meters) {
		this.devices = devices;
		this.sender = sender;
		this.users = users;
		AtomicInteger threadNumber = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), (task) -> {
					Thread thread = new Thread(task, "push-" + threadNumber.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		for (PushSender.Outcome outcome : PushSender.Outcome.values()) {
			this.outcomes.put(outcome, counter(meters, outcome.tag()));
		}
		this.dropped = counter(meters, "dropped");
		Gauge.builder("pixelgram.notification.push.queue", this.executor, (pool) -> pool.getQueue().size())
			.description("Push batches waiting for a sender thread")
			.register(meters);
	}

	/** Pushes the notifications of a committed transaction, in the background. */
	public void dispatch(List<CreatedNotification> notifications) {
		if (notifications.isEmpty()) {
			return;
		}
		List<CreatedNotification> batch = List.copyOf(notifications);
		try {
			this.executor.execute(() -> deliver(batch));
		}
		catch (RejectedExecutionException ex) {
			this.dropped.increment(batch.size());
		}
	}

	private void deliver(List<CreatedNotification> batch) {
		try {
			Map<Long, List<Device>> devicesByUser = new HashMap<>();
			Set<Long> recipients = new LinkedHashSet<>();
			batch.forEach((notification) -> recipients.add(notification.recipientId()));
			for (Device device : this.devices.of(recipients)) {
				devicesByUser.computeIfAbsent(device.userId(), (key) -> new ArrayList<>()).add(device);
			}
			if (devicesByUser.isEmpty()) {
				return;
			}
			Set<Long> actors = new LinkedHashSet<>();
			batch.stream()
				.filter((notification) -> devicesByUser.containsKey(notification.recipientId()))
				.forEach((notification) -> actors.add(notification.actorId()));
			Map<Long, UserProfile> profiles = this.users.profilesIfAvailable(actors);
			for (CreatedNotification notification : batch) {
				List<Device> targets = devicesByUser.getOrDefault(notification.recipientId(), List.of());
				if (targets.isEmpty()) {
					continue;
				}
				PushMessage message = message(notification, profiles.get(notification.actorId()));
				for (Device device : targets) {
					send(device, message);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Push of {} notifications failed: {}", batch.size(), ex.getMessage(), ex);
			this.outcomes.get(PushSender.Outcome.FAILED).increment(batch.size());
		}
	}

	private void send(Device device, PushMessage message) {
		PushSender.Outcome outcome;
		try {
			outcome = this.sender.send(device, message);
		}
		catch (RuntimeException ex) {
			log.warn("Push to {} failed: {}", device, ex.getMessage());
			outcome = PushSender.Outcome.FAILED;
		}
		this.outcomes.get(outcome).increment();
		if (outcome == PushSender.Outcome.INVALID_TOKEN) {
			this.devices.remove(device.userId(), device.token());
			log.info("Removed a device of user {} that the push provider rejected", device.userId());
		}
	}

	static PushMessage message(CreatedNotification notification, UserProfile actor) {
		List<String> names = new ArrayList<>();
		names.add((actor != null) ? actor.username() : null);
		// A push is about this one action, even when it joined a like group.
		String body = Summaries.of(notification.type(), names, 1, notification.commentText());
		Map<String, String> data = new LinkedHashMap<>();
		data.put("notification_id", Long.toString(notification.notificationId()));
		data.put("type", notification.type().name());
		data.put("actor_id", Long.toString(notification.actorId()));
		if (notification.postId() != null) {
			data.put("post_id", Long.toString(notification.postId()));
		}
		return new PushMessage(TITLE, body, data);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
			this.executor.shutdownNow();
		}
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder("pixelgram.notification.push")
			.description("Pushes by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

}
