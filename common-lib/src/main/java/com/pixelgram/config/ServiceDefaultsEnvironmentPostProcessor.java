package com.pixelgram.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * The settings every service shares, stated once: {@code pixelgram-defaults.yaml}, and
 * for the services that serve their API with Spring MVC
 * {@code pixelgram-defaults-webmvc.yaml} as well. A service opts in with
 * {@code pixelgram.defaults.enabled: true} in its {@code application.yaml}; other
 * applications that use this library (benchmarks, tests) keep Boot's defaults.
 *
 * <p>
 * The files are added after every other property source but Boot's
 * {@code defaultProperties}: the service's own {@code application.yaml}, the deployment's
 * configuration, environment variables, arguments and test properties all override them.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property a service sets to take these defaults. */
	public static final String ENABLED_PROPERTY = "pixelgram.defaults.enabled";

	static final String DEFAULTS = "pixelgram-defaults.yaml";

	static final String WEBMVC_DEFAULTS = "pixelgram-defaults-webmvc.yaml";

	private static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";

	/** Right after the config files are read, so that they can ask for the defaults. */
	private static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, false)) {
			return;
		}
		ClassLoader classLoader = application.getClassLoader();
		add(environment.getPropertySources(), DEFAULTS, classLoader);
		if (ClassUtils.isPresent(DISPATCHER_SERVLET, classLoader)) {
			add(environment.getPropertySources(), WEBMVC_DEFAULTS, classLoader);
		}
	}

	private static void add(MutablePropertySources sources, String file, ClassLoader classLoader) {
		String name = "pixelgram defaults [" + file + "]";
		if (sources.contains(name)) {
			return;
		}
		PropertySource<?> defaults = load(name, file, classLoader);
		if (sources.contains(DefaultPropertiesPropertySource.NAME)) {
			sources.addBefore(DefaultPropertiesPropertySource.NAME, defaults);
		}
		else {
			sources.addLast(defaults);
		}
	}

	private static PropertySource<?> load(String name, String file, ClassLoader classLoader) {
		try {
			List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(name,
					new ClassPathResource(file, classLoader));
			if (documents.size() != 1) {
				throw new IllegalStateException(file + " should hold one YAML document, not " + documents.size());
			}
			return documents.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

}
