package com.pixelgram.feed.read;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.pixelgram.feed.graph.HiddenAuthors;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.testsupport.TcpProxy;
import com.pixelgram.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a feed read costs on the wire to Redis, before and after 10,000 accounts are
 * suspended: the service reaches Redis through a proxy that counts the bytes each way,
 * and a read must cost the same however many authors were ever suspended.
 */
class SuspendedAuthorsReadCostTest extends FeedIntegrationTest {

	private static final int SUSPENDED = 10_000;

	private static final long SLACK = 32;

	private static final URI REDIS = URI.create(TestRedis.url());

	private static final TcpProxy PROXY = TcpProxy.to(REDIS.getHost(), REDIS.getPort());

	/**
	 * The service's Redis URL, pointed at the proxy once bound (a property source of this
	 * class would not be sure to win over the one of {@link FeedIntegrationTest}).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ThroughTheProxy {

		@Bean
		static BeanPostProcessor redisThroughTheProxy() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof DataRedisProperties properties) {
						String userInfo = (REDIS.getRawUserInfo() != null) ? REDIS.getRawUserInfo() + "@" : "";
						properties.setUrl(REDIS.getScheme() + "://" + userInfo + "127.0.0.1:" + PROXY.port()
								+ REDIS.getRawPath());
					}
					return bean;
				}

			};
		}

	}

	@AfterAll
	static void closeProxy() {
		PROXY.close();
	}

	@Autowired
	private HiddenAuthors hidden;

	@Test
	void aReadCostsTheSameWhateverTheNumberOfSuspendedAuthors() {
		long viewer = TestIds.user();
		long author = TestIds.user();
		long suspendedFollowee = TestIds.user();
		USERS.follow(viewer, author);
		USERS.follow(viewer, suspendedFollowee);
		List<Long> posts = IntStream.range(0, 5)
			.mapToObj((i) -> POSTS.post(author, Duration.ofMinutes(10L + i)).id())
			.toList();
		Post hiddenPost = POSTS.post(suspendedFollowee, Duration.ofMinutes(5));
		Instant at = Instant.now();
		this.hidden.suspended(suspendedFollowee, true, at);
		assertThat(feed(viewer, "").postIds()).containsExactlyElementsOf(posts).doesNotContain(hiddenPost.id());
		Cost one = cheapestRead(viewer);

		for (int i = 1; i < SUSPENDED; i++) {
			this.hidden.suspended(TestIds.user(), true, at);
		}
		assertThat(feed(viewer, "").postIds()).containsExactlyElementsOf(posts);
		Cost many = cheapestRead(viewer);

		System.out.printf("Redis bytes of a feed read: %s with one author suspended, %s with %,d%n", one, many,
				SUSPENDED);
		// The same page either way: a few bytes of slack for values whose length varies
		// (the snapshot's ID, times).
		assertThat(many.fromRedis()).as("bytes from Redis per read").isLessThanOrEqualTo(one.fromRedis() + SLACK);
		assertThat(many.toRedis()).as("bytes to Redis per read").isLessThanOrEqualTo(one.toRedis() + SLACK);
	}

	/**
	 * The least a read of the viewer's first page costs in a few tries: a try may carry
	 * what the process reads now and then (an author whose copy expired, a background
	 * refresh), the cheapest is the read itself.
	 */
	private Cost cheapestRead(long viewer) {
		List<Cost> costs = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long to = PROXY.bytesToServer();
			long from = PROXY.bytesFromServer();
			FeedReply reply = feed(viewer, "");
			assertThat(reply.status()).isEqualTo(200);
			costs.add(new Cost(PROXY.bytesToServer() - to, PROXY.bytesFromServer() - from));
		}
		return new Cost(costs.stream().mapToLong(Cost::toRedis).min().orElseThrow(),
				costs.stream().mapToLong(Cost::fromRedis).min().orElseThrow());
	}

	private record Cost(long toRedis, long fromRedis) {

		@Override
		public String toString() {
			return this.toRedis + " sent / " + this.fromRedis + " received";
		}

	}

}
