package com.pixelgram.web;

import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonLimitsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JsonLimitsAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void givesTheApplicationsMapperTheLimitsByDefault() {
		this.runner.run((context) -> {
			StreamReadConstraints constraints = context.getBean(JsonMapper.class)
				.tokenStreamFactory()
				.streamReadConstraints();

			assertThat(constraints.getMaxStringLength()).isEqualTo(65_536);
			assertThat(constraints.getMaxNameLength()).isEqualTo(1_024);
			assertThat(constraints.getMaxNestingDepth()).isEqualTo(64);
			assertThat(constraints.getMaxNumberLength()).isEqualTo(100);
			assertThat(constraints.getMaxDocumentLength()).isEqualTo(4L * 1024 * 1024);
		});
	}

	@Test
	void keepsBootsPropertiesAndCustomizersAndTakesConfiguredLimits() {
		this.runner
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE",
					"pixelgram.json.max-nesting-depth=3", "pixelgram.json.max-string-length=10")
			.withBean(JsonMapperBuilderCustomizer.class,
					() -> (builder) -> builder.addMixIn(Sample.class, SampleMixin.class))
			.run((context) -> {
				JsonMapper mapper = context.getBean(JsonMapper.class);

				assertThat(mapper.writeValueAsString(new Sample("Ada"))).isEqualTo("{\"full_name\":\"Ada\"}");
				assertThat(mapper.readTree("{\"a\":{\"b\":[1]}}").path("a").path("b").size()).isOne();
				assertThatExceptionOfType(StreamConstraintsException.class)
					.isThrownBy(() -> mapper.readTree("{\"a\":{\"b\":{\"c\":[1]}}}"));
				assertThatExceptionOfType(StreamConstraintsException.class)
					.isThrownBy(() -> mapper.readValue("\"" + "x".repeat(11) + "\"", String.class));
				JsonNode fits = mapper.readTree("\"" + "x".repeat(10) + "\"");
				assertThat(fits.asString()).hasSize(10);
			});
	}

	record Sample(String fullName) {

	}

	interface SampleMixin {

	}

}
