package com.pixelgram.notification.push;

import com.pixelgram.resilience.ResilienceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@link PushSender} the configuration wires. The integration tests all force FCM,
 * so this is where the shipped default (a sender that only logs) is held to.
 */
class PushConfigurationTest {

	// The service's own application.yaml, as a deployment that sets nothing gets it.
	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(PushOnly.class);

	@Test
	void theShippedConfigurationLogsPushesInsteadOfSendingThem() {
		this.contexts.run((context) -> {
			assertThat(context.getEnvironment().getProperty("pixelgram.notification.push.provider")).isEqualTo("log");
			assertThat(context).getBean(PushSender.class).isExactlyInstanceOf(LogPushSender.class);
		});
	}

	@Test
	void withoutAnyConfigurationPushesAreLoggedToo() {
		new ApplicationContextRunner().withUserConfiguration(PushOnly.class)
			.run((context) -> assertThat(context).getBean(PushSender.class).isExactlyInstanceOf(LogPushSender.class));
	}

	@Test
	void theFcmProviderSendsThroughFcm() {
		this.contexts
			.withPropertyValues("pixelgram.notification.push.provider=fcm",
					"pixelgram.notification.push.fcm.project-id=pixelgram-test",
					"pixelgram.notification.push.fcm.access-token=test-token")
			.run((context) -> assertThat(context).getBean(PushSender.class).isExactlyInstanceOf(FcmPushSender.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PushProperties.class)
	@Import(PushConfiguration.class)
	@ImportAutoConfiguration(ResilienceAutoConfiguration.class)
	static class PushOnly {

	}

}
