package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the alerts, their unit tests and the dashboard query is one the services
 * really export, under the name Prometheus gives it, or one of the few documented
 * exporter metrics from outside the suite.
 */
class MetricNamesTest {

	/**
	 * Prometheus' own scrape figure, kube-state-metrics' restarts and CloudWatch figures
	 * through prometheus/cloudwatch_exporter, documented in alerts.yaml.
	 */
	private static final Set<String> EXPORTER_METRICS = Set.of("up", "kube_pod_container_status_restarts_total",
			"aws_sqs_approximate_number_of_messages_visible_average", "aws_rds_cpuutilization_average");

	private static final List<RegisteredMeters.Meter> METERS = RegisteredMeters.scan(Chart.REPOSITORY);

	private static final Set<String> EXPORTED = RegisteredMeters.prometheusNames(METERS);

	@Test
	void findsTheMetersOfEveryService() {
		assertThat(METERS).extracting(RegisteredMeters.Meter::name)
			.contains("pixelgram.feed.read", "pixelgram.feed.fanout.lag", "pixelgram.feed.fanout.size",
					"pixelgram.outbox.pending", "pixelgram.outbox.oldest.age", "pixelgram.media.upload.failures",
					"pixelgram.media.processing", "pixelgram.gateway.ratelimit.rejected", "pixelgram.feed.cache",
					"pixelgram.reconciliation.drift", "pixelgram.feed.events.paused", "pixelgram.shards.database.up",
					"pixelgram.media.cdn.invalidations");
	}

	@Test
	void namesMetersAsMicrometersPrometheusRegistryDoes() {
		assertThat(EXPORTED).contains("pixelgram_outbox_oldest_age_seconds", "pixelgram_outbox_pending",
				"pixelgram_outbox_sent_total", "pixelgram_reconciliation_drift_total", "pixelgram_feed_events_paused",
				"pixelgram_feed_fanout_size_feeds_bucket", "pixelgram_feed_fanout_lag_seconds_bucket",
				"pixelgram_feed_read_seconds_count", "pixelgram_media_upload_failures_total",
				"pixelgram_media_cdn_invalidations_total", "http_server_requests_seconds_bucket",
				"hikaricp_connections_active", "jvm_memory_used_bytes", "process_cpu_usage");
		assertThat(EXPORTED).as("no histogram is published for these timers")
			.doesNotContain("pixelgram_feed_read_seconds_bucket", "pixelgram_media_processing_seconds_bucket");
	}

	@Test
	void theLibraryMetersTheRulesRelyOnAreSwitchedOnInTheServices() throws IOException {
		String defaults = Files
			.readString(Chart.REPOSITORY.resolve("common-lib/src/main/resources/pixelgram-defaults.yaml"));
		assertThat(defaults).as("the services' shared defaults")
			.containsPattern("percentiles-histogram:\\s+http\\.server\\.requests: true");
		for (Chart.Service service : Chart.SERVICES) {
			String config = Files.readString(
					Chart.REPOSITORY.resolve(service.component()).resolve("src/main/resources/application.yaml"));
			assertThat(config).as(service.component())
				.containsPattern("defaults:\\s+enabled: true")
				.doesNotContainPattern("http\\.server\\.requests: false");
			String pom = Files.readString(Chart.REPOSITORY.resolve(service.component()).resolve("pom.xml"));
			assertThat(pom).as(service.component()).contains("<artifactId>common-lib</artifactId>");
		}
		assertThat(Files.readString(Chart.REPOSITORY
			.resolve("common-lib/src/main/java/com/pixelgram/shard/ShardingAutoConfiguration.java")))
			.contains("new MicrometerMetricsTrackerFactory(");
		for (Chart.Service service : Chart.SERVICES) {
			String pom = Files.readString(Chart.REPOSITORY.resolve(service.component()).resolve("pom.xml"));
			assertThat(pom).as(service.component())
				.contains("<artifactId>spring-boot-starter-actuator</artifactId>")
				.contains("<artifactId>micrometer-registry-prometheus</artifactId>");
		}
	}

	@Test
	void theFeedLatencyAlertCountsTheReadsAboveTheBucketFeedServicePublishesAt500Ms() throws IOException {
		String config = Files.readString(Chart.REPOSITORY.resolve("feed-service/src/main/resources/application.yaml"));
		assertThat(config).containsPattern("slo:\\s+http\\.server\\.requests: 500ms");
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		Timer.builder("http.server.requests")
			.publishPercentileHistogram()
			.serviceLevelObjectives(Duration.ofMillis(500))
			.register(registry)
			.record(Duration.ofMillis(499));
		String scrape = registry.scrape();
		assertThat(scrape).as("the bucket's le label").contains("http_server_requests_seconds_bucket{le=\"0.5\"} 1");
		String expr = AlertRulesTest.alerts()
			.stream()
			.filter((alert) -> alert.get("alert").equals("PixelgramFeedReadLatencyHigh"))
			.map((alert) -> (String) alert.get("expr"))
			.findFirst()
			.orElseThrow();
		assertThat(expr).contains("http_server_requests_seconds_bucket{application=\"feed-service\"")
			.contains("le=\"0.5\"")
			.doesNotContain("histogram_quantile");
	}

	@Test
	void theAlertRulesQueryOnlyExportedMetrics() throws IOException {
		Map<String, String> queries = new LinkedHashMap<>();
		for (Map<String, Object> alert : AlertRulesTest.alerts()) {
			queries.put((String) alert.get("alert"), (String) alert.get("expr"));
		}

		assertQueriesUseExportedMetrics(queries);
	}

	@Test
	void theAlertUnitTestsFeedOnlyExportedMetrics() throws IOException {
		Map<String, Object> tests = Manifests.asMap(Manifests.yaml().load(Files.readString(AlertRulesTest.RULE_TESTS)));
		Map<String, String> series = new LinkedHashMap<>();
		for (Object test : (List<?>) tests.get("tests")) {
			for (Object input : (List<?>) Manifests.asMap(test).get("input_series")) {
				String selector = (String) Manifests.asMap(input).get("series");
				series.put(selector, selector);
			}
		}

		assertQueriesUseExportedMetrics(series);
	}

	@Test
	void theDashboardQueriesOnlyExportedMetrics() throws IOException {
		assertQueriesUseExportedMetrics(GrafanaDashboardTest.queries());
	}

	@Test
	void theExporterMetricsAreDocumentedBesideTheRules() throws IOException {
		String rules = Files.readString(AlertRulesTest.RULES_TEMPLATE);

		assertThat(EXPORTER_METRICS).allSatisfy((metric) -> assertThat(rules).contains("# - " + metric));
	}

	private static void assertQueriesUseExportedMetrics(Map<String, String> queries) {
		assertThat(queries).isNotEmpty();
		Map<String, Set<String>> unknown = new TreeMap<>();
		queries.forEach((where, query) -> {
			Set<String> names = PromQl.metricNames(query);
			assertThat(names).as("metrics of %s", where).isNotEmpty();
			names.stream()
				.filter((name) -> !EXPORTED.contains(name) && !EXPORTER_METRICS.contains(name))
				.forEach((name) -> unknown.computeIfAbsent(name, (key) -> new TreeSet<>()).add(where));
		});

		assertThat(unknown).as("metrics no service exports (a renamed meter?), and where they are used").isEmpty();
	}

}
