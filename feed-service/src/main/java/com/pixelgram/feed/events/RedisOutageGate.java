package com.pixelgram.feed.events;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.pixelgram.feed.FeedProperties;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Pauses the feed's event listener while Redis cannot be reached, or hangs, and resumes
 * it once Redis answers a ping. Every delivery of a message counts towards the queue's
 * redrive limit, so a listener that kept receiving through a long outage would move every
 * pending post, follow and deletion to the dead-letter queue; paused, the events simply
 * wait in the queue.
 */
@Component
class RedisOutageGate implements DisposableBean {

	static final String LISTENER_ID = "feed-events";

	private static final Logger log = LoggerFactory.getLogger(RedisOutageGate.class);

	private final MessageListenerContainerRegistry listeners;

	private final RedisConnectionFactory redis;

	private final long probeIntervalMillis;

	private final AtomicBoolean paused = new AtomicBoolean();

	/** A ping after a timeout is under way. */
	private final AtomicBoolean checking = new AtomicBoolean();

	// One thread of its own: stopping a container waits for the messages in flight, so it
	// must never run on a listener thread.
	private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "feed-redis-probe");
		thread.setDaemon(true);
		return thread;
	});

	RedisOutageGate(MessageListenerContainerRegistry listeners, RedisConnectionFactory redis, FeedProperties properties,
			MeterRegistry meters) {
		this.listeners = listeners;
		this.redis = redis;
		this.probeIntervalMillis = Math.max(1, properties.fanout().redisProbeInterval().toMillis());
		Gauge.builder("pixelgram.feed.events.paused", this.paused, (paused) -> paused.get() ? 1 : 0)
			.description("1 while feed events wait for Redis to come back")
			.register(meters);
	}

	/** Called when handling an event found Redis unreachable (not merely slow). */
	void redisUnreachable() {
		if (this.paused.compareAndSet(false, true)) {
			log.warn("Redis is unreachable: feed events wait in their queue until it answers");
			this.prober.execute(this::pause);
		}
	}

	/**
	 * Called when handling an event timed out on Redis. A busy Redis still answers a ping
	 * and the listener goes on; a hung one (stopped, or cut off behind a network path
	 * that drops everything) does not, and is treated as unreachable: otherwise each
	 * event would spend a delivery every retry and reach the dead-letter queue within
	 * seconds of a hang.
	 */
	void redisTimedOut() {
		if (!this.paused.get() && this.checking.compareAndSet(false, true)) {
			this.prober.execute(() -> {
				try {
					if (!answers() && this.paused.compareAndSet(false, true)) {
						log.warn("Redis does not answer: feed events wait in their queue until it does");
						pause();
					}
				}
				finally {
					this.checking.set(false);
				}
			});
		}
	}

	private void pause() {
		MessageListenerContainer<?> container = this.listeners.getContainerById(LISTENER_ID);
		if (container != null && container.isRunning()) {
			container.stop();
		}
		scheduleProbe();
	}

	private void probe() {
		if (!answers()) {
			scheduleProbe();
			return;
		}
		MessageListenerContainer<?> container = this.listeners.getContainerById(LISTENER_ID);
		if (container != null && !container.isRunning()) {
			container.start();
		}
		this.paused.set(false);
		log.info("Redis answers again: feed events resume");
	}

	private boolean answers() {
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.ping();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void scheduleProbe() {
		this.prober.schedule(this::probe, this.probeIntervalMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.prober.shutdownNow();
	}

}
