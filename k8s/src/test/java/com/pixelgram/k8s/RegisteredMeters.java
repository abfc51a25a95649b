package com.pixelgram.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meters the services register, found in their sources, and the names Prometheus
 * knows them by: each one is registered again, with the same type, base unit and
 * histogram, in Micrometer's Prometheus registry (the one the services use), and the
 * names are read from its scrape output. So the naming rules ({@code _total},
 * {@code _seconds}, the base unit, {@code _bucket}) are Micrometer's own, not a copy.
 */
final class RegisteredMeters {

	/** {@code Counter.builder(NAME)} up to its {@code .register(}. */
	private static final Pattern BUILDER = Pattern
		.compile("\\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
				+ "\\.builder\\(\\s*(\"[^\"]+\"|[A-Za-z_][\\w.]*)(.*?)\\.register\\(", Pattern.DOTALL);

	private static final Pattern CONSTANT = Pattern
		.compile("static\\s+final\\s+String\\s+([A-Z_][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"");

	private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"\\s*\\)");

	/** Shorthands ({@code registry.counter("...")}) this scan would miss. */
	private static final Pattern SHORTHAND = Pattern
		.compile("\\.(counter|timer|gauge|summary|more\\(\\)\\.\\w+)\\(\\s*\"pixelgram\\.");

	private RegisteredMeters() {
	}

	/**
	 * The meters registered in the main sources of every module.
	 * @param repository the repository's root
	 * @return the meters
	 */
	static List<Meter> scan(Path repository) {
		List<Meter> meters = new ArrayList<>();
		try (Stream<Path> modules = Files.list(repository)) {
			for (Path module : modules.filter((path) -> Files.isDirectory(path.resolve("src/main/java"))).toList()) {
				try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
					for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
						meters.addAll(scanSource(source));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return meters;
	}

	private static List<Meter> scanSource(Path source) throws IOException {
		String code = Files.readString(source);
		if (SHORTHAND.matcher(code).find()) {
			throw new IllegalStateException(source + " registers a meter through a shorthand: use Counter.builder(…)"
					+ " and the like, so that the metric name checks see it");
		}
		List<Meter> meters = new ArrayList<>();
		Matcher builders = BUILDER.matcher(code);
		while (builders.find()) {
			String name = builders.group(2);
			if (!name.startsWith("\"")) {
				name = constant(code, name, source);
			}
			else {
				name = name.substring(1, name.length() - 1);
			}
			String chain = builders.group(3);
			Matcher unit = BASE_UNIT.matcher(chain);
			meters.add(new Meter(builders.group(1), name, unit.find() ? unit.group(1) : null,
					chain.contains("publishPercentileHistogram()"), source));
		}
		return meters;
	}

	private static String constant(String code, String reference, Path source) {
		String simpleName = reference.substring(reference.lastIndexOf('.') + 1);
		Matcher constants = CONSTANT.matcher(code);
		while (constants.find()) {
			if (constants.group(1).equals(simpleName)) {
				return constants.group(2);
			}
		}
		throw new IllegalStateException(source + ": cannot resolve the meter name " + reference);
	}

	/**
	 * The Prometheus names of meters, with those every service gets from its libraries:
	 * the request histogram (common-lib's shared defaults publish it), Hikari's pools
	 * (common-lib binds them) and Boot's JVM and process meters.
	 * @param meters the meters of the services
	 * @return every sample name of a scrape
	 */
	static Set<String> prometheusNames(List<Meter> meters) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		Set<String> registered = new LinkedHashSet<>();
		for (Meter meter : meters) {
			if (registered.add(meter.name())) {
				meter.registerIn(registry);
			}
		}
		new Meter("Timer", "http.server.requests", null, true, null).registerIn(registry);
		new MicrometerMetricsTrackerFactory(registry).create("pool", new PoolStats(0) {
			@Override
			protected void update() {
			}
		});
		new JvmMemoryMetrics().bindTo(registry);
		new ProcessorMetrics().bindTo(registry);
		Set<String> names = new LinkedHashSet<>();
		for (String line : registry.scrape().split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
	}

	/**
	 * A meter as the code builds it.
	 *
	 * @param type the builder's class
	 * @param name its Micrometer name
	 * @param baseUnit its base unit, or {@code null}
	 * @param histogram whether it publishes a percentile histogram
	 * @param source where it is built
	 */
	record Meter(String type, String name, String baseUnit, boolean histogram, Path source) {

		void registerIn(PrometheusMeterRegistry registry) {
			switch (this.type) {
				case "Counter" -> Counter.builder(this.name).baseUnit(this.baseUnit).register(registry);
				case "Gauge" -> Gauge.builder(this.name, () -> 1.0).baseUnit(this.baseUnit).register(registry);
				case "Timer" -> {
					Timer.Builder timer = Timer.builder(this.name);
					if (this.histogram) {
						timer.publishPercentileHistogram();
					}
					timer.register(registry).record(Duration.ofMillis(1));
				}
				case "DistributionSummary" -> {
					DistributionSummary.Builder summary = DistributionSummary.builder(this.name)
						.baseUnit(this.baseUnit);
					if (this.histogram) {
						summary.publishPercentileHistogram();
					}
					summary.register(registry).record(1);
				}
				default -> throw new IllegalStateException(
						this.source + ": " + this.type + " meters are not derived yet; add them to RegisteredMeters");
			}
		}

	}

}
