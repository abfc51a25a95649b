package com.pixelgram.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * More instances of a test's application beside the one the test runs, as replicas of a
 * service scaled out: the same databases, queues and Redis (the properties the test gave
 * its context, dynamic ones included), ports of their own.
 */
public final class Replicas {

	/**
	 * The property sources a Spring test adds: {@code properties} and
	 * {@code @DynamicPropertySource}.
	 */
	private static final Set<String> TEST_PROPERTY_SOURCES = Set.of("Inlined Test Properties",
			"Dynamic Test Properties");

	private Replicas() {
	}

	/**
	 * Starts another instance of the application; {@code close()} it after the test.
	 * @param first the test's application context
	 * @param application the application class
	 */
	public static ConfigurableApplicationContext another(ApplicationContext first, Class<?> application) {
		ConfigurableEnvironment environment = (ConfigurableEnvironment) first.getEnvironment();
		Map<String, String> properties = new LinkedHashMap<>();
		environment.getPropertySources().forEach((source) -> {
			if (TEST_PROPERTY_SOURCES.contains(source.getName())
					&& source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					properties.put(name, environment.getProperty(name));
				}
			}
		});
		properties.put("server.port", "0");
		// as arguments, these win over the application's own configuration
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(application).run(arguments);
	}

}
