package com.pixelgram.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.support.EnvironmentPostProcessorApplicationListener;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ServiceDefaultsEnvironmentPostProcessorTest {

	private final ServiceDefaultsEnvironmentPostProcessor processor = new ServiceDefaultsEnvironmentPostProcessor();

	@Test
	void givesAServiceThatAsksTheSharedDefaults() {
		ConfigurableEnvironment environment = environment(Map.of("pixelgram.defaults.enabled", "true"));

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
		assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(1.0);
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,prometheus");
		assertThat(environment.getProperty("spring.threads.virtual.enabled", Boolean.class)).isTrue();
		assertThat(environment.getProperty("management.metrics.observations.ignored-meters"))
			.isEqualTo("long-task-timer");
		assertThat(environment.getProperty("spring.jackson.property-naming-strategy")).isEqualTo("SNAKE_CASE");
	}

	@Test
	void letsTheApplicationsOwnValuesWin() {
		ConfigurableEnvironment environment = environment(Map.of("pixelgram.defaults.enabled", "true",
				"management.tracing.sampling.probability", "0.1", "logging.structured.format.console", "logstash"));

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.1);
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

	@Test
	void comesBeforeOnlyBootsDefaultProperties() {
		ConfigurableEnvironment environment = environment(Map.of("pixelgram.defaults.enabled", "true"));
		environment.getPropertySources()
			.addLast(new DefaultPropertiesPropertySource(Map.of("server.shutdown", "immediate")));

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		List<String> names = environment.getPropertySources().stream().map(PropertySource::getName).toList();
		assertThat(names).last().isEqualTo(DefaultPropertiesPropertySource.NAME);
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

	@Test
	void leavesAnApplicationThatDoesNotAskAlone() {
		ConfigurableEnvironment environment = environment(Map.of());
		int sources = environment.getPropertySources().size();

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void keepsTheSpringMvcDefaultsFromAServiceWithoutSpringMvc() {
		ConfigurableEnvironment environment = environment(Map.of("pixelgram.defaults.enabled", "true"));
		SpringApplication reactive = new SpringApplication(
				new DefaultResourceLoader(new FilteredClassLoader(DispatcherServlet.class)));

		this.processor.postProcessEnvironment(environment, reactive);

		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.jackson.property-naming-strategy")).isNull();
		assertThat(environment.getProperty("spring.mvc.problemdetails.enabled")).isNull();
	}

	@Test
	void addsTheDefaultsOnceWhenRunTwice() {
		ConfigurableEnvironment environment = environment(Map.of("pixelgram.defaults.enabled", "true"));

		this.processor.postProcessEnvironment(environment, new SpringApplication());
		int sources = environment.getPropertySources().size();
		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
	}

	@Test
	void isRegisteredSoThatTheConfigFilesAndArgumentsOfAnApplicationOverrideIt() {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Only the listener that runs the environment post-processors: no logging system.
		application.setListeners(List.of(new EnvironmentPostProcessorApplicationListener()));
		try (ConfigurableApplicationContext context = application.run("--spring.config.name=service-defaults-test",
				"--management.endpoint.health.probes.enabled=false")) {
			ConfigurableEnvironment environment = context.getEnvironment();

			assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
			assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
			assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("false");
			assertThat(Binder.get(environment)
				.bind("management.metrics.distribution.percentiles-histogram",
						Bindable.mapOf(String.class, Boolean.class))
				.get()).as("a service's meters beside the shared one")
				.containsOnly(entry("http.server.requests", true), entry("service.work", true));
		}
	}

	private static ConfigurableEnvironment environment(Map<String, Object> applicationConfig) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application.yaml", applicationConfig));
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
