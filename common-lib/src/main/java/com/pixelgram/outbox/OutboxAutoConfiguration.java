package com.pixelgram.outbox;

import java.time.Clock;

import com.pixelgram.events.EventCodec;
import com.pixelgram.shard.ShardingAutoConfiguration;
import com.pixelgram.shard.Shards;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.operations.SendBatchFailureHandlingStrategy;
import io.awspring.cloud.sqs.operations.SqsAsyncOperations;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Events between services: the codec and topology everywhere; queue provisioning and
 * traced listeners where there is SQS; the transactional outbox, its relay and the
 * idempotent-consumer helper where there are shards too.
 */
@AutoConfiguration(after = ShardingAutoConfiguration.class,
		afterName = "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration")
@EnableConfigurationProperties(EventProperties.class)
public class OutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventCodec eventCodec() {
		return new EventCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	EventTopology eventTopology(EventProperties properties) {
		return new EventTopology(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SqsAsyncClient.class)
	@ConditionalOnBean(SqsAsyncClient.class)
	static class QueueConfiguration {

		@Bean
		QueueProvisioner queueProvisioner(SqsAsyncClient sqs, EventTopology topology, EventProperties properties) {
			QueueProvisioner provisioner = new QueueProvisioner(sqs, topology, properties);
			if (properties.provisionQueues()) {
				// Before any listener container starts, so consumers never
				// auto-create a queue without its dead-letter queue.
				provisioner.tryProvision();
			}
			return provisioner;
		}

	}

	/**
	 * Spring Cloud AWS continues the trace found in a message's attributes only when its
	 * listener observation is on, and leaves it off unless
	 * {@code spring.cloud.aws.sqs.observation-enabled} is set: without it every consumer
	 * would start a new trace, cut off from the request that published the event. Setting
	 * the property to {@code false} still turns it off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SqsMessageListenerContainerFactory.class, ObservationRegistry.class })
	@ConditionalOnProperty(name = "spring.cloud.aws.sqs.observation-enabled", havingValue = "true",
			matchIfMissing = true)
	static class ListenerObservationConfiguration {

		@Bean
		static BeanPostProcessor sqsListenerObservationPostProcessor(ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<SqsListenerObservation.Convention> convention) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
						registry.ifAvailable((observations) -> factory
							.configure((options) -> options.observationRegistry(observations)));
						convention.ifAvailable(
								(custom) -> factory.configure((options) -> options.observationConvention(custom)));
					}
					return bean;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SqsAsyncClient.class, Shards.class })
	@ConditionalOnBean({ SqsAsyncClient.class, Shards.class })
	static class TransactionalOutboxConfiguration {

		@Bean
		@ConditionalOnProperty(prefix = "pixelgram.events.relay", name = "enabled", matchIfMissing = true)
		OutboxRelay outboxRelay(Shards shards, SqsAsyncClient sqs, QueueProvisioner provisioner,
				EventProperties properties, ObjectProvider<MeterRegistry> meters) {
			// No observation registry: the relay's sends belong to no request, and each
			// message already carries the trace context of the one that published it.
			SqsAsyncOperations template = SqsTemplate.builder()
				.sqsAsyncClient(sqs)
				// A missing queue is the provisioner's to create, with its DLQ and
				// redrive policy.
				.configure((options) -> options
					.sendBatchFailureHandlingStrategy(SendBatchFailureHandlingStrategy.DO_NOT_THROW)
					.queueNotFoundStrategy(QueueNotFoundStrategy.FAIL))
				.buildAsyncTemplate();
			return new OutboxRelay(shards.databases(), template, provisioner, properties.relay(),
					meters.getIfAvailable(SimpleMeterRegistry::new));
		}

		@Bean
		EventPublisher eventPublisher(Shards shards, EventCodec codec, EventTopology topology,
				ObjectProvider<OutboxRelay> relay, ObjectProvider<TraceContextCapture> traceContext) {
			return new EventPublisher(shards.jdbc(), codec, topology, Clock.systemUTC(),
					traceContext.getIfAvailable(() -> TraceContextCapture.NONE),
					() -> relay.ifAvailable(OutboxRelay::wake));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(Tracer.class)
		static class TraceContextConfiguration {

			@Bean
			TraceContextCapture outboxTraceContextCapture(ObjectProvider<Tracer> tracer,
					ObjectProvider<Propagator> propagator) {
				// Looked up here rather than by condition, so that the tracing
				// auto-configurations need no ordering against this one.
				Tracer currentTracer = tracer.getIfUnique();
				Propagator currentPropagator = propagator.getIfUnique();
				return (currentTracer != null && currentPropagator != null)
						? new PropagatorTraceContextCapture(currentTracer, currentPropagator)
						: TraceContextCapture.NONE;
			}

		}

		@Bean
		IdempotentConsumer idempotentConsumer(Shards shards) {
			return new IdempotentConsumer(shards);
		}

	}

}
