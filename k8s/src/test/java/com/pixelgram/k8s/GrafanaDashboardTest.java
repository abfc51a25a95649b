package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Pixelgram overview" dashboard (files/grafana/pixelgram-overview.json). */
class GrafanaDashboardTest {

	static final Path DASHBOARD = Chart.DIRECTORY.resolve("files/grafana/pixelgram-overview.json");

	private static final String DATA_SOURCE = "${DS_PROMETHEUS}";

	@Test
	void isADashboardOfACurrentSchemaWithAStableUid() throws IOException {
		JsonNode dashboard = dashboard();

		assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
		assertThat(dashboard.path("uid").asText()).isEqualTo("pixelgram-overview");
		assertThat(dashboard.path("title").asText()).isEqualTo("Pixelgram overview");
		List<String> variables = new ArrayList<>();
		dashboard.path("templating").path("list").forEach((variable) -> variables.add(variable.path("name").asText()));
		assertThat(variables).containsExactly("DS_PROMETHEUS", "namespace");
		assertThat(dashboard.path("templating").path("list").get(0).path("query").asText()).isEqualTo("prometheus");
	}

	@Test
	void everyPanelQueriesPrometheusThroughTheDataSourceVariable() throws IOException {
		List<JsonNode> panels = panels();

		assertThat(panels).hasSizeGreaterThanOrEqualTo(20).allSatisfy((panel) -> {
			String title = panel.path("title").asText();
			assertThat(title).isNotBlank();
			assertThat(panel.path("datasource").path("type").asText()).as(title).isEqualTo("prometheus");
			assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATA_SOURCE);
			assertThat(panel.path("targets").size()).as(title).isPositive();
			panel.path("targets").forEach((target) -> {
				assertThat(target.path("expr").asText()).as(title).isNotBlank();
				assertThat(target.path("refId").asText()).as(title).isNotBlank();
				assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(DATA_SOURCE);
			});
			assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
		});
		assertThat(panels).extracting((panel) -> panel.path("id").asInt()).doesNotHaveDuplicates();
	}

	@Test
	void coversFeedFanoutUploadsEventsErrorsSaturationAndCaches() throws IOException {
		String everyQuery = String.join("\n", queries().values());
		List<String> rows = new ArrayList<>();
		dashboard().path("panels").forEach((panel) -> {
			if (panel.path("type").asText().equals("row")) {
				rows.add(panel.path("title").asText());
			}
		});

		assertThat(rows).contains("Feed", "Fanout", "Uploads", "Events", "HTTP", "Saturation", "Cache");
		assertThat(everyQuery).contains("histogram_quantile(0.5, ", "histogram_quantile(0.95, ",
				"histogram_quantile(0.99, ", "uri=\"/v1/feed\"", "pixelgram_feed_fanout_lag_seconds_bucket",
				"pixelgram_feed_fanout_size_feeds_bucket", "pixelgram_feed_events_paused",
				"pixelgram_media_upload_failures_total", "pixelgram_media_processing_seconds_sum",
				"pixelgram_outbox_pending", "pixelgram_outbox_oldest_age_seconds", "outcome=\"SERVER_ERROR\"",
				"process_cpu_usage", "jvm_memory_used_bytes", "hikaricp_connections_active",
				"pixelgram_gateway_ratelimit_rejected_total",
				"pixelgram_feed_cache_total{namespace=~\"$namespace\", result=\"hit\"}");
	}

	@Test
	void isInstalledForGrafanasSidecarWhenEnabled() throws IOException {
		ConfigMap configMap = Chart.production().get(ConfigMap.class, "pixelgram-grafana-dashboard");

		assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Pixelgram");
		assertThat(new ObjectMapper().readTree(configMap.getData().get("pixelgram-overview.json")))
			.isEqualTo(dashboard());
		assertThat(Chart.defaults().find(ConfigMap.class, "pixelgram-grafana-dashboard")).isEmpty();
	}

	/**
	 * Every query of the dashboard, by panel title and refId, and the variables' queries.
	 */
	static Map<String, String> queries() throws IOException {
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels()) {
			panel.path("targets")
				.forEach((target) -> queries.put(panel.path("title").asText() + " " + target.path("refId").asText(),
						target.path("expr").asText()));
		}
		dashboard().path("templating").path("list").forEach((variable) -> {
			String query = variable.path("query").path("query").asText();
			if (query.startsWith("label_values(")) {
				// label_values(<series selector>, <label>): the selector names the metric
				String selector = query.substring("label_values(".length(), query.lastIndexOf(','));
				queries.put("variable " + variable.path("name").asText(), selector);
			}
		});
		return queries;
	}

	private static List<JsonNode> panels() throws IOException {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			if (panel.path("type").asText().equals("row")) {
				panel.path("panels").forEach(panels::add);
			}
			else {
				panels.add(panel);
			}
		}
		return panels;
	}

	private static JsonNode dashboard() throws IOException {
		return new ObjectMapper().readTree(Files.readString(DASHBOARD));
	}

}
