package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules (files/prometheus/alerts.yaml) are valid, pass their promtool unit
 * tests, and are what the PrometheusRule installs.
 */
class AlertRulesTest {

	static final Path RULES_DIRECTORY = Chart.DIRECTORY.resolve("files/prometheus");

	static final Path RULES = RULES_DIRECTORY.resolve("alerts.yaml");

	static final Path RULE_TESTS = RULES_DIRECTORY.resolve("alerts-test.yaml");

	@Test
	void passPromtoolCheck() throws IOException {
		Promtool.Result result = Promtool.run(RULES_DIRECTORY, "check", "rules", "alerts.yaml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void passTheirPromtoolUnitTests() {
		Promtool.Result result = Promtool.run(RULES_DIRECTORY, "test", "rules", "alerts-test.yaml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
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

	/** The alerts of the rule file. */
	static List<Map<String, Object>> alerts() throws IOException {
		Map<String, Object> file = Manifests.asMap(Manifests.yaml().load(Files.readString(RULES)));
		return ((List<?>) file.get("groups")).stream()
			.flatMap((group) -> ((List<?>) Manifests.asMap(group).get("rules")).stream())
			.map(Manifests::asMap)
			.toList();
	}

}
