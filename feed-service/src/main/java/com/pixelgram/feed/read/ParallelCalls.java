package com.pixelgram.feed.read;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.ServiceCallException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs one service call per key on a small pool (a rebuild asks post-service for the
 * recent posts of many followees), keeping what succeeded and counting what failed.
 */
@Component
class ParallelCalls implements DisposableBean {

	private final ExecutorService executor;

	ParallelCalls(FeedProperties properties) {
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(properties.timeline().rebuildConcurrency(), (task) -> {
			Thread thread = new Thread(task, "feed-call-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	<K, V> Outcome<K, V> each(Collection<K> keys, Function<K, V> call) {
		Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
		keys.forEach((key) -> futures.put(key, CompletableFuture.supplyAsync(() -> call.apply(key), this.executor)));
		Map<K, V> results = new LinkedHashMap<>();
		int failures = 0;
		for (Map.Entry<K, CompletableFuture<V>> entry : futures.entrySet()) {
			try {
				results.put(entry.getKey(), entry.getValue().join());
			}
			catch (CompletionException ex) {
				if (!(ex.getCause() instanceof ServiceCallException)) {
					throw ex;
				}
				failures++;
			}
		}
		return new Outcome<>(results, failures);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/**
	 * The answers that came back, and how many calls failed.
	 *
	 * @param results answer by key
	 * @param failures calls that failed
	 */
	record Outcome<K, V>(Map<K, V> results, int failures) {

	}

}
