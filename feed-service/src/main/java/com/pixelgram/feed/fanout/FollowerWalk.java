package com.pixelgram.feed.fanout;

import java.util.List;
import java.util.function.Predicate;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.IdPage;
import com.pixelgram.feed.clients.UserServiceClient;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Pages through an author's followers with a checkpoint: after each page is written, the
 * cursor reached is saved under the checkpoint key, so that a walk that dies (process
 * killed, Redis or user-service gone) resumes there when the event comes back. Writes are
 * idempotent, so redoing the page in flight at the crash is harmless.
 */
@Component
class FollowerWalk {

	private final UserServiceClient users;

	private final StringRedisTemplate redis;

	private final FeedProperties.Fanout settings;

	FollowerWalk(UserServiceClient users, StringRedisTemplate redis, FeedProperties properties) {
		this.users = users;
		this.redis = redis;
		this.settings = properties.fanout();
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
		while (true) {
			IdPage page = this.users.followers(authorId, after, this.settings.followerPageSize());
			if (!writer.test(page.ids()) || page.isLast()) {
				break;
			}
			after = page.nextAfter();
			this.redis.opsForValue().set(checkpointKey, after.toString(), this.settings.checkpointTtl());
			heartbeat.run();
		}
		this.redis.delete(checkpointKey);
	}

}
