package com.pixelgram.chaos;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * One fault: how to inject it, how long it lasts, how to end it (returning once what
 * failed runs again), and which requests it may fail: the ones that need the shard or
 * service that failed. Any other request that fails is out of place.
 *
 * @param name what fails, for the report
 * @param duration how long it lasts
 * @param inject starts it
 * @param heal ends it, and returns once the failed part runs again
 * @param mayFail the requests it may fail
 */
record Fault(String name, Duration duration, Runnable inject, Runnable heal, Predicate<Client.Call> mayFail) {

	/** Requests to one service, as the gateway routes them. */
	static Predicate<Client.Call> routedTo(String service) {
		return (call) -> serviceOf(call.route()).equals(service);
	}

	/** Requests whose data lives in post-service's database {@code b} (shards 4-7). */
	static Predicate<Client.Call> postsOfSecondDatabase() {
		return (call) -> serviceOf(call.route()).equals(ChaosStack.POST) && call.shard() >= 4;
	}

	/** The service a route goes to (gateway-service's RoutesConfiguration). */
	static String serviceOf(String route) {
		String path = route.substring(route.indexOf(' ') + 1);
		if (path.startsWith("/v1/feed")) {
			return ChaosStack.FEED;
		}
		if (path.startsWith("/v1/posts") || path.matches("/v1/users/[^/]+/posts")) {
			return ChaosStack.POST;
		}
		if (path.startsWith("/v1/notifications") || path.startsWith("/v1/devices")) {
			return ChaosStack.NOTIFICATION;
		}
		return ChaosStack.USER;
	}

}
