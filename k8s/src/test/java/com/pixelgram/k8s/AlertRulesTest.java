package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The alert rules (files/prometheus/alerts.yaml, with parameters) are valid once filled,
 * pass their promtool unit tests, and are what the PrometheusRule installs; compose loads
 * them filled with the chart's defaults.
 */
class AlertRulesTest {

	static final Path RULES_DIRECTORY = Chart.DIRECTORY.resolve("files/prometheus");

	/** The rules as written, with their ${thresholds.*} and ${selectors.*} parameters. */
	static final Path RULES_TEMPLATE = RULES_DIRECTORY.resolve("alerts.yaml");

	/** The rules filled with the chart's defaults, which compose's Prometheus loads. */
	static final Path RULES = Chart.REPOSITORY.resolve("deploy/compose/prometheus/alerts.yaml");

	static final Path RULE_TESTS = RULES_DIRECTORY.resolve("alerts-test.yaml");

	private static final String COMPOSE_HEADER = """
			# Generated: the alert rules of the Helm chart (k8s/pixelgram/files/prometheus/alerts.yaml) with
			# the chart's default metrics.prometheusRule.thresholds and .selectors filled in, as its
			# PrometheusRule installs them. Edit the chart's file and its values, not this one: the k8s
			# module's AlertRulesTest fails until this file matches the chart's rendering again, and writes
			# that rendering to k8s/target/compose-alerts.yaml to copy here.
			""";

	@TempDir
	Path temporary;

	@Test
	void passPromtoolCheck() throws IOException {
		Path directory = withTheUnitTests(Files.readString(RULES));

		Promtool.Result result = Promtool.run(directory, "check", "rules", "alerts.yaml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void passTheirPromtoolUnitTests() throws IOException {
		Path directory = withTheUnitTests(Files.readString(RULES));

		Promtool.Result result = Promtool.run(directory, "test", "rules", "alerts-test.yaml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	void composeLoadsTheRulesAsTheChartFillsThemWithItsDefaults() throws IOException {
		String rendered = ruleFile(Chart.template(Chart.DEV_VALUES, values("""
				metrics:
				  prometheusRule:
				    enabled: true
				""")));
		String expected = COMPOSE_HEADER + rendered.substring(rendered.indexOf("groups:\n"));
		Path target = Path.of("target/compose-alerts.yaml").toAbsolutePath();
		Files.createDirectories(target.getParent());
		Files.writeString(target, expected);

		assertThat(Files.readString(RULES))
			.as("deploy/compose/prometheus/alerts.yaml; the chart's rendering is in %s", target)
			.isEqualTo(expected);
		assertThat(Files.readString(RULES_TEMPLATE)).as("the parameters are in the chart's file")
			.contains("${thresholds.outboxLagSeconds}", "${selectors.targets}");
	}

	@Test
	void theThresholdsAndSelectorsAreValues() throws IOException {
		String rendered = ruleFile(Chart.template(Chart.DEV_VALUES, values("""
				metrics:
				  prometheusRule:
				    enabled: true
				    thresholds:
				      outboxLagSeconds: 300
				      targetDownFor: 10m
				      feedSlowReadRatio: 0.05
				    selectors:
				      targets: job=~"pixelgram-.+"
				      series: namespace="pixelgram"
				""")));
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		alerts(rendered).forEach((alert) -> byName.put((String) alert.get("alert"), alert));

		assertThat((String) byName.get("PixelgramOutboxLagHigh").get("expr")).contains(") > 300,")
			.doesNotContain("> 60");
		assertThat(byName.get("PixelgramServiceTargetDown")).containsEntry("for", "10m")
			.containsEntry("expr", "up{job=~\"pixelgram-.+\"} == 0\n");
		assertThat((String) byName.get("PixelgramFeedReadLatencyHigh").get("expr")).contains(") > 0.05");
		assertThat((String) byName.get("PixelgramConnectionPoolSaturated").get("expr"))
			.contains("hikaricp_connections_pending{namespace=\"pixelgram\"}[5m]");
		assertThat((String) byName.get("PixelgramServiceMetricsAbsent").get("expr"))
			.contains("absent(process_cpu_usage{application=\"feed-service\", namespace=\"pixelgram\"})");
		Path directory = Files.createDirectory(this.temporary.resolve("tuned"));
		Files.writeString(directory.resolve("alerts.yaml"), rendered);
		Promtool.Result result = Promtool.run(directory, "check", "rules", "alerts.yaml");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void aParameterWithoutAValueFailsTheRendering() throws IOException {
		Path values = values("""
				metrics:
				  prometheusRule:
				    enabled: true
				    thresholds:
				      outboxLagSeconds: null
				""");

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, values))
			.withMessageContaining("${thresholds.outboxLagSeconds}")
			.withMessageContaining("metrics.prometheusRule");
	}

	@Test
	void everyAlertHasAUnitTestWhereItFiresAndOneWhereItStaysSilent() throws IOException {
		List<Map<String, Object>> cases = Manifests.asMap(Manifests.yaml().load(Files.readString(RULE_TESTS)))
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equals("tests"))
			.flatMap((entry) -> ((List<?>) entry.getValue()).stream())
			.flatMap((test) -> ((List<?>) Manifests.asMap(test).get("alert_rule_test")).stream())
			.map(Manifests::asMap)
			.toList();

		assertThat(alerts()).isNotEmpty().allSatisfy((alert) -> {
			List<Map<String, Object>> ofAlert = cases.stream()
				.filter((test) -> alert.get("alert").equals(test.get("alertname")))
				.toList();
			assertThat(ofAlert).as("a test where %s fires", alert.get("alert"))
				.anySatisfy((test) -> assertThat((List<?>) test.get("exp_alerts")).isNotEmpty());
			assertThat(ofAlert).as("a test where %s stays silent", alert.get("alert"))
				.anySatisfy((test) -> assertThat((List<?>) test.get("exp_alerts")).isEmpty());
		});
	}

	@Test
	void everyAlertHasASeverityASummaryADescriptionAndARunbook() throws IOException {
		assertThat(alerts()).allSatisfy((alert) -> {
			Map<String, Object> labels = Manifests.asMap(alert.get("labels"));
			Map<String, Object> annotations = Manifests.asMap(alert.get("annotations"));
			assertThat(labels.get("severity")).as("%s", alert.get("alert")).isIn("critical", "warning");
			assertThat(annotations).containsKeys("summary", "description");
			assertThat((String) annotations.get("runbook_url"))
				.isEqualTo("https://pixelgram.dev/runbooks/" + alert.get("alert"));
			assertThat(alert.get("for")).as("%s waits before firing", alert.get("alert")).isNotNull();
		});
	}

	@Test
	void everyAlertHasARunbook() throws IOException {
		String runbooks = Files.readString(RULES_DIRECTORY.resolve("runbooks.md"));

		assertThat(alerts()).allSatisfy((alert) -> assertThat(runbooks).contains("\n## " + alert.get("alert") + "\n"));
	}

	@Test
	void thePrometheusRuleInstallsTheRuleFileWithTheRunbooksWhereTheValuesSay() throws IOException {
		PrometheusRule rule = Chart.production().get(PrometheusRule.class, "pixelgram");

		assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		List<Rule> installed = rule.getSpec()
			.getGroups()
			.stream()
			.flatMap((group) -> group.getRules().stream())
			.toList();
		Set<String> names = alerts().stream().map((alert) -> (String) alert.get("alert")).collect(Collectors.toSet());
		assertThat(installed).extracting(Rule::getAlert).containsExactlyInAnyOrderElementsOf(names);
		assertThat(installed).allSatisfy((installedRule) -> {
			Map<String, Object> source = alerts().stream()
				.filter((alert) -> alert.get("alert").equals(installedRule.getAlert()))
				.findFirst()
				.orElseThrow();
			assertThat(installedRule.getExpr().getStrVal()).isEqualTo(source.get("expr"));
			assertThat(installedRule.getFor()).isEqualTo(source.get("for"));
			assertThat(installedRule.getAnnotations()).containsEntry("runbook_url",
					"https://wiki.pixelgram.example/runbooks/" + installedRule.getAlert());
		});
	}

	/** The alerts of the rule file compose loads, the chart's defaults. */
	static List<Map<String, Object>> alerts() throws IOException {
		return alerts(Files.readString(RULES));
	}

	private static List<Map<String, Object>> alerts(String ruleFile) {
		Map<String, Object> file = Manifests.asMap(Manifests.yaml().load(ruleFile));
		return ((List<?>) file.get("groups")).stream()
			.flatMap((group) -> ((List<?>) Manifests.asMap(group).get("rules")).stream())
			.map(Manifests::asMap)
			.toList();
	}

	/** The PrometheusRule's spec out of rendered manifests, as a rule file. */
	private static String ruleFile(String manifests) {
		for (String document : manifests.split("\n---\n")) {
			if (document.contains("\nkind: PrometheusRule\n")) {
				String spec = document.substring(document.indexOf("\nspec:\n") + "\nspec:\n".length());
				return spec.lines()
					.map((line) -> line.startsWith("  ") ? line.substring(2) : line)
					.collect(Collectors.joining("\n", "", "\n"));
			}
		}
		throw new AssertionError("no PrometheusRule rendered");
	}

	private Path withTheUnitTests(String rules) throws IOException {
		Path directory = Files.createTempDirectory(this.temporary, "rules");
		Files.writeString(directory.resolve("alerts.yaml"), rules);
		Files.copy(RULE_TESTS, directory.resolve("alerts-test.yaml"));
		return directory;
	}

	private Path values(String yaml) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values", ".yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
