package com.pixelgram.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.UserRegistered;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.TestSqs;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One trace from the publishing request to the consumer, through the outbox, the relay's
 * thread and SQS, with the services' tracing stack (OpenTelemetry through Micrometer
 * Tracing) and the trace id in the consumer's log lines.
 */
@SpringBootTest(classes = { OutboxTestApplication.class, OutboxTracingTest.Tracing.class },
		webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "management.tracing.sampling.probability=1.0")
@ExtendWith(OutputCaptureExtension.class)
class OutboxTracingTest {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		OutboxTestApplication.register(registry, "tracing", TestSqs.endpoint());
	}

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Autowired
	EventPublisher publisher;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	Tracer tracer;

	@Autowired
	TracingListener listener;

	@Autowired
	RecordedSpans spans;

	@Test
	void theConsumerContinuesTheTraceOfTheRequestThatPublishedTheEvent(CapturedOutput output) {
		AtomicReference<TraceContext> request = new AtomicReference<>();
		UUID eventId = Observation.createNotStarted("test.request", this.observations).observe(() -> {
			request.set(this.tracer.currentTraceContext().context());
			return this.shards.write(2, () -> this.publisher.publish(registered("traced")));
		});
		String traceId = request.get().traceId();
		String requestSpanId = request.get().spanId();

		assertThat(traceParents(eventId)).hasSize(2)
			.allSatisfy(
					(traceparent) -> assertThat(traceparent).isEqualTo("00-" + traceId + "-" + requestSpanId + "-01"));
		Consumed consumed = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.listener.consumed(eventId), (seen) -> seen != null);
		assertThat(consumed.traceId()).isEqualTo(traceId);
		assertThat(consumed.spanId()).isNotEqualTo(requestSpanId);
		assertThat(consumed.loggedTraceId()).isEqualTo(traceId);

		SpanData consumer = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.find(consumed.spanId()), (span) -> span != null);
		assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(consumer.getParentSpanId()).as("the relay adds no span between request and consumer")
			.isEqualTo(requestSpanId);
		// Logback is configured once per JVM, by the first test context: the line has the
		// trace id in the pattern's correlation field or as ECS's traceId member, both
		// read from the MDC checked above.
		assertThat(output.getOut().lines().filter((line) -> line.contains(TracingListener.HANDLING + eventId)))
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(traceId));
	}

	@Test
	void anEventPublishedOutsideATraceCarriesNoContextAndStillArrivesInATraceOfItsOwn() {
		UUID eventId = this.shards.write(6, () -> this.publisher.publish(registered("untraced")));

		assertThat(traceParents(eventId)).hasSize(2).containsOnlyNulls();
		Consumed consumed = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.listener.consumed(eventId), (seen) -> seen != null);
		assertThat(consumed.traceId()).isNotNull();
		assertThat(consumed.loggedTraceId()).isEqualTo(consumed.traceId());
		SpanData consumer = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.find(consumed.spanId()), (span) -> span != null);
		assertThat(consumer.getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void anEventOfARolledBackTracedTransactionIsNeverSent() {
		AtomicReference<UUID> doomed = new AtomicReference<>();
		Observation.createNotStarted("test.request", this.observations)
			.observe(() -> assertThatThrownBy(() -> this.shards.write(3, () -> {
				doomed.set(this.publisher.publish(registered("ghost")));
				throw new IllegalStateException("the change failed");
			})).hasMessage("the change failed"));
		UUID marker = Observation.createNotStarted("test.request", this.observations)
			.observe(() -> this.shards.write(3, () -> this.publisher.publish(registered("marker"))));

		await().atMost(Duration.ofSeconds(20)).until(() -> this.listener.consumed(marker) != null);
		assertThat(this.listener.consumed(doomed.get())).isNull();
		assertThat(traceParents(doomed.get())).isEmpty();
	}

	/**
	 * The {@code traceparent} stored with each outbox row of an event, from the outboxes
	 * of both test databases (shards 0-3 and 4-7).
	 */
	private List<String> traceParents(UUID eventId) {
		List<String> traceParents = new ArrayList<>();
		for (int shard : new int[] { 0, 4 }) {
			traceParents.addAll(this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT trace_context->>'traceparent' FROM outbox.message WHERE event_id = :id")
						.param("id", eventId)
						.query((rs, rowNum) -> rs.getString(1))
						.list()));
		}
		return traceParents;
	}

	private UserRegistered registered(String username) {
		return new UserRegistered(this.ids.nextId(0), username, "Test User", Instant.now());
	}

	/** What the consumer saw of the trace while it handled an event. */
	record Consumed(String traceId, String spanId, String loggedTraceId) {

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Tracing {

		@Bean
		RecordedSpans recordedSpans() {
			return new RecordedSpans();
		}

		@Bean
		TracingListener tracingListener(EventCodec codec, Tracer tracer) {
			return new TracingListener(codec, tracer);
		}

	}

	/**
	 * Consumes {@code notification-events}, noting the trace each event is handled in.
	 */
	static class TracingListener {

		static final String HANDLING = "Handling event ";

		private static final Logger log = LoggerFactory.getLogger(TracingListener.class);

		private final Map<UUID, Consumed> consumed = new ConcurrentHashMap<>();

		private final EventCodec codec;

		private final Tracer tracer;

		TracingListener(EventCodec codec, Tracer tracer) {
			this.codec = codec;
			this.tracer = tracer;
		}

		@SqsListener("${pixelgram.events.queue-prefix}notification-events")
		void on(String body) {
			UUID eventId = this.codec.decode(body).eventId();
			log.info(HANDLING + "{}", eventId);
			Span span = this.tracer.currentSpan();
			this.consumed.put(eventId,
					(span != null) ? new Consumed(span.context().traceId(), span.context().spanId(), MDC.get("traceId"))
							: new Consumed(null, null, MDC.get("traceId")));
		}

		Consumed consumed(UUID eventId) {
			return this.consumed.get(eventId);
		}

	}

	/** Every span that ends, as the exporter would receive it. */
	static class RecordedSpans implements SpanProcessor {

		private final List<SpanData> ended = new CopyOnWriteArrayList<>();

		SpanData find(String spanId) {
			return this.ended.stream().filter((span) -> span.getSpanId().equals(spanId)).findFirst().orElse(null);
		}

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.ended.add(span.toSpanData());
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
