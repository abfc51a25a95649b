package com.pixelgram.feed.fanout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.IdPage;
import com.pixelgram.feed.clients.UserServiceClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Pages through an author's followers with a checkpoint: after each page is written, the
 * cursor reached is saved under the checkpoint key, so that a walk that dies (process
 * killed, Redis or user-service gone) resumes there when the event comes back. Writes are
 * idempotent, so redoing the page in flight at the crash is harmless.
 * <p>
 * The next page is asked for while the current one is written, so that the walk waits for
 * user-service only where its answer is slower than Redis.
 */
@Component
class FollowerWalk implements DisposableBean {

	private final UserServiceClient users;

	private final StringRedisTemplate redis;

	private final FeedProperties.Fanout settings;

	private final FanoutStages stages;

	private final ExecutorService prefetch;

	FollowerWalk(UserServiceClient users, StringRedisTemplate redis, FeedProperties properties, FanoutStages stages) {
		this.users = users;
		this.redis = redis;
		this.settings = properties.fanout();
		this.stages = stages;
		AtomicInteger threads = new AtomicInteger();
		this.prefetch = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "fanout-followers-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Hands each page of followers to the writer until the last page, or until the writer
	 * answers false (the walk is no longer wanted); then drops the checkpoint.
	 * @param heartbeat called after each page, to keep the event hidden from other
	 * consumers while the walk makes progress
	 */
	void walk(long authorId, String checkpointKey, Predicate<List<Long>> writer, Runnable heartbeat) {
		String saved = this.redis.opsForValue().get(checkpointKey);
		Long after = (saved != null) ? Long.valueOf(saved) : null;
		IdPage page = this.stages.time(FanoutStages.FOLLOWERS_WAIT, () -> page(authorId, after));
		while (true) {
			IdPage current = page;
			CompletableFuture<IdPage> next = current.isLast() ? null
					: CompletableFuture.supplyAsync(() -> page(authorId, current.nextAfter()), this.prefetch);
			if (!writer.test(current.ids()) || next == null) {
				if (next != null) {
					next.cancel(false);
				}
				break;
			}
			this.redis.opsForValue().set(checkpointKey, current.nextAfter().toString(), this.settings.checkpointTtl());
			heartbeat.run();
			page = this.stages.time(FanoutStages.FOLLOWERS_WAIT, () -> join(next));
		}
		this.redis.delete(checkpointKey);
	}

	private IdPage page(long authorId, Long after) {
		return this.stages.time(FanoutStages.FOLLOWERS,
				() -> this.users.followers(authorId, after, this.settings.followerPageSize()));
	}

	private static IdPage join(CompletableFuture<IdPage> page) {
		try {
			return page.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	@Override
	public void destroy() {
		this.prefetch.shutdownNow();
	}

}
