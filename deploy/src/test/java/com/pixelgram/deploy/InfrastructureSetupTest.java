package com.pixelgram.deploy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.pixelgram.deploy.ComposeFile.Mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The configuration docker-compose.yml hands to its infrastructure: Prometheus, Grafana,
 * the media bucket and the scripts containers run.
 */
class InfrastructureSetupTest {

	/**
	 * A metric of prometheus/cloudwatch_exporter, e.g. aws_rds_cpuutilization_average.
	 */
	private static final Pattern CLOUDWATCH_METRIC = Pattern.compile("\\baws_[a-z0-9]+_\\w+");

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void prometheusScrapesEveryServicesActuatorEndpointOnItsManagementPort() {
		Map<String, Object> config = Repository.yaml("deploy/compose/prometheus/prometheus.yml");
		List<String> scraped = new ArrayList<>();
		for (Object job : (List<?>) config.get("scrape_configs")) {
			Map<String, Object> scrapeConfig = ComposeFile.map(job);
			if (!"/actuator/prometheus".equals(scrapeConfig.get("metrics_path"))) {
				continue;
			}
			for (Object staticConfig : (List<?>) scrapeConfig.get("static_configs")) {
				for (Object target : (List<?>) ComposeFile.map(staticConfig).get("targets")) {
					scraped.add(String.valueOf(target));
				}
			}
		}
		assertThat(scraped).containsExactlyInAnyOrderElementsOf(Repository.SERVICES.stream()
			.map((service) -> service + ":" + ComposeFileTest.managementPort(this.compose, service))
			.toList());
	}

	@Test
	void prometheusLoadsTheChartsAlertRules() {
		Map<String, Object> config = Repository.yaml("deploy/compose/prometheus/prometheus.yml");
		Mount rules = mount("prometheus", "deploy/compose/prometheus/alerts.yaml");
		assertThat((List<?>) config.get("rule_files")).as("rule_files")
			.anySatisfy((pattern) -> assertThat(matches(String.valueOf(pattern), rules.target())).isTrue());
		Map<String, Object> ruleFile = Repository.yaml("deploy/compose/prometheus/alerts.yaml");
		assertThat(ruleFile).as("a Prometheus rule file (groups at the top), not a PrometheusRule resource")
			.containsKey("groups")
			.doesNotContainKey("apiVersion");
		assertThat((List<?>) ruleFile.get("groups")).isNotEmpty()
			.allSatisfy((group) -> assertThat((List<?>) ComposeFile.map(group).get("rules")).isNotEmpty());
	}

	@Test
	void theReadmeNamesTheAlertsThatCannotFireUnderCompose() {
		// cloudwatch_exporter's metrics are all aws_<service>_...; compose scrapes no
		// exporter
		Map<String, Object> config = Repository.yaml("deploy/compose/prometheus/prometheus.yml");
		List<String> jobs = new ArrayList<>();
		for (Object job : (List<?>) config.get("scrape_configs")) {
			jobs.add(String.valueOf(ComposeFile.map(job).get("job_name")));
		}
		assertThat(jobs).as("scrape jobs").noneMatch((job) -> job.contains("cloudwatch"));
		List<String> cloudWatchAlerts = new ArrayList<>();
		Map<String, Object> rules = Repository.yaml("deploy/compose/prometheus/alerts.yaml");
		for (Object group : (List<?>) rules.get("groups")) {
			for (Object rule : (List<?>) ComposeFile.map(group).get("rules")) {
				Map<String, Object> alert = ComposeFile.map(rule);
				if (CLOUDWATCH_METRIC.matcher(String.valueOf(alert.get("expr"))).find()) {
					cloudWatchAlerts.add(String.valueOf(alert.get("alert")));
				}
			}
		}
		String readme = Repository.read("README.md");
		int compose = readme.indexOf("\n### Docker Compose\n");
		assertThat(compose).as("README's Docker Compose section").isNotNegative();
		int next = readme.indexOf("\n#", compose + 1);
		String section = readme.substring(compose, (next < 0) ? readme.length() : next);
		assertThat(cloudWatchAlerts).as("alerts on CloudWatch metrics").isNotEmpty();
		assertThat(section).contains(cloudWatchAlerts.stream().map((alert) -> "`" + alert + "`").toList())
			.contains("cloudwatch_exporter");
	}

	@Test
	void grafanaQueriesPrometheusAndLoadsTheChartsDashboards() throws IOException {
		Map<String, Object> datasources = Repository
			.yaml("deploy/compose/grafana/provisioning/datasources/datasources.yaml");
		Set<String> uids = new HashSet<>();
		String defaultType = null;
		for (Object datasource : (List<?>) datasources.get("datasources")) {
			Map<String, Object> settings = ComposeFile.map(datasource);
			uids.add(String.valueOf(settings.get("uid")));
			if (Boolean.TRUE.equals(settings.get("isDefault"))) {
				defaultType = String.valueOf(settings.get("type"));
				assertThat(settings.get("url")).isEqualTo("http://prometheus:9090");
			}
		}
		assertThat(defaultType).as("the default data source").isEqualTo("prometheus");
		Mount provisioning = mount("grafana", "deploy/compose/grafana/provisioning");
		assertThat(provisioning.target()).isEqualTo("/etc/grafana/provisioning");
		Mount dashboards = mount("grafana", "k8s/pixelgram/files/grafana");
		Map<String, Object> providers = Repository
			.yaml("deploy/compose/grafana/provisioning/dashboards/pixelgram.yaml");
		assertThat((List<?>) providers.get("providers"))
			.anySatisfy((provider) -> assertThat(ComposeFile.map(ComposeFile.map(provider).get("options")).get("path"))
				.isEqualTo(dashboards.target()));
		List<Path> files;
		try (Stream<Path> listing = Files.list(Repository.path("k8s/pixelgram/files/grafana"))) {
			files = listing.filter((file) -> file.toString().endsWith(".json")).toList();
		}
		assertThat(files).as("dashboards").isNotEmpty();
		for (Path file : files) {
			for (JsonNode datasource : Repository.json(file).findValues("datasource")) {
				String uid = datasource.isString() ? datasource.asString() : datasource.path("uid").asString("");
				if (!uid.isEmpty() && !uid.startsWith("$") && !uid.startsWith("-- ")) {
					assertThat(uids).as(file.getFileName() + " uses data source").contains(uid);
				}
			}
		}
	}

	@Test
	void onlyRenditionsOfTheMediaBucketArePublic() {
		String bucket = this.compose.environment("post-service").get("PIXELGRAM_MEDIA_BUCKET");
		String renditions = mediaDefault("renditionsPrefix");
		String originals = mediaDefault("originalsPrefix");
		JsonNode policy = Repository.json(Repository.path("deploy/compose/minio/media-public-read.json"));
		List<String> resources = new ArrayList<>();
		for (JsonNode statement : policy.path("Statement")) {
			assertThat(statement.path("Effect").asString()).isEqualTo("Allow");
			statement.path("Action").forEach((action) -> assertThat(action.asString()).isEqualTo("s3:GetObject"));
			statement.path("Resource").forEach((resource) -> resources.add(resource.asString()));
		}
		assertThat(resources).containsExactly("arn:aws:s3:::" + bucket + "/" + renditions + "*")
			.noneMatch((resource) -> resource.contains("/" + originals));
		JsonNode servicePolicy = Repository.json(Repository.path("deploy/compose/minio/post-service-policy.json"));
		for (JsonNode statement : servicePolicy.path("Statement")) {
			statement.path("Resource")
				.forEach((resource) -> assertThat(resource.asString()).as("post-service's key reaches")
					.startsWith("arn:aws:s3:::" + bucket));
		}
		String script = Repository.read("deploy/compose/minio/create-bucket.sh");
		assertThat(script).contains("/config/media-public-read.json", "/config/post-service-policy.json");
		assertThat(mount("minio-bucket", "deploy/compose/minio").target()).isEqualTo("/config");
	}

	@Test
	void scriptsThatContainersRunAreExecutable() throws IOException {
		assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("POSIX file permissions")
			.contains("posix");
		for (String script : List.of("deploy/compose/postgres/10-create-databases.sh",
				"deploy/compose/minio/create-bucket.sh")) {
			assertThat(Files.getPosixFilePermissions(Repository.path(script))).as(script)
				.contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
						PosixFilePermission.OTHERS_EXECUTE);
			assertThat(Repository.read(script)).as(script).startsWith("#!");
		}
	}

	private Mount mount(String service, String source) {
		return this.compose.mounts(service)
			.stream()
			.filter((mount) -> Path.of(mount.source()).normalize().equals(Path.of(source)))
			.findFirst()
			.orElseThrow(() -> new AssertionError(service + " does not mount ./" + source));
	}

	private static boolean matches(String glob, String path) {
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
		return matcher.matches(Path.of(path));
	}

	/**
	 * A default of post-service's {@code pixelgram.media} properties, as its record
	 * states it (neither compose nor application.yaml sets the key prefixes).
	 */
	private static String mediaDefault(String parameter) {
		String source = Repository.read("post-service/src/main/java/com/pixelgram/post/media/MediaProperties.java");
		Matcher matcher = Pattern.compile("@DefaultValue\\(\"([^\"]*)\"\\)\\s+String\\s+" + parameter + "\\b")
			.matcher(source);
		assertThat(matcher.find()).as("a default for " + parameter + " in MediaProperties").isTrue();
		return matcher.group(1);
	}

}
