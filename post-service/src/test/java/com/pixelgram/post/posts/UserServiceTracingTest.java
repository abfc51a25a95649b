package com.pixelgram.post.posts;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.pixelgram.post.PostIntegrationTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call to user-service is a span of the trace of the request that needed it: it carries
 * the trace in its {@code traceparent} header, so that traces do not break between the
 * two services.
 */
class UserServiceTracingTest extends PostIntegrationTest {

	@Autowired
	AuthorDirectory authors;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	Tracer tracer;

	@Test
	void aUsernameLookupCarriesTheTraceOfTheRequestToUserService() {
		long user = newUser();
		int before = USER_SERVICE.traceparents().size();
		AtomicReference<TraceContext> request = new AtomicReference<>();

		String username = Observation.createNotStarted("test.request", this.observations).observe(() -> {
			request.set(this.tracer.currentTraceContext().context());
			return this.authors.username(user);
		});

		assertThat(username).isEqualTo("user" + user);
		List<String> sent = USER_SERVICE.traceparents();
		assertThat(sent.subList(before, sent.size())).singleElement().satisfies((traceparent) -> {
			assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
			assertThat(traceparent).startsWith("00-" + request.get().traceId() + "-");
			// the client's own span, a child of the request's
			assertThat(traceparent).doesNotContain(request.get().spanId());
		});
	}

}
