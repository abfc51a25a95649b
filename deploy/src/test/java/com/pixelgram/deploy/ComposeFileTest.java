package com.pixelgram.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import com.pixelgram.deploy.ComposeFile.Mount;
import com.pixelgram.deploy.ComposeFile.Port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The shape of docker-compose.yml: services, start order, health, volumes, ports. */
class ComposeFileTest {

	/** The containers that run once and exit; everything else runs until stopped. */
	private static final Set<String> ONE_SHOT_JOBS = Set.of("minio-bucket", "signing-key");

	private static final Set<String> INFRASTRUCTURE = Set.of("postgres-a", "postgres-b", "redis", "elasticmq", "minio",
			"minio-bucket", "signing-key", "prometheus", "grafana", "jaeger", "mailpit");

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void runsEveryServiceAndItsInfrastructure() {
		Set<String> expected = new HashSet<>(Repository.SERVICES);
		expected.addAll(INFRASTRUCTURE);
		assertThat(this.compose.serviceNames()).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void everyServiceIsBuiltFromTheOneDockerfileAsAVersionedImage() {
		for (String service : Repository.SERVICES) {
			Map<String, Object> definition = this.compose.service(service);
			Map<String, Object> build = ComposeFile.map(definition.get("build"));
			assertThat(build).as(service + " build").isNotNull().containsEntry("context", ".");
			assertThat(build.getOrDefault("dockerfile", "Dockerfile")).isEqualTo("Dockerfile");
			assertThat(String.valueOf(definition.get("image"))).as(service + " image")
				.isEqualTo("pixelgram/" + service + ":${PIXELGRAM_VERSION:-0.1.0}");
			assertThat(this.compose.buildArgs(service)).as(service + " build args")
				.containsEntry("SERVICE", service)
				.containsEntry("SERVER_PORT", Integer.toString(serverPort(service)));
		}
	}

	@Test
	void infrastructureImagesArePinned() {
		for (String name : INFRASTRUCTURE) {
			String image = String.valueOf(this.compose.service(name).get("image"));
			assertThat(image).as(name + " image").contains(":").doesNotEndWith(":latest");
		}
	}

	@Test
	void everyLongRunningContainerHasAHealthCheck() {
		for (String name : this.compose.serviceNames()) {
			if (!ONE_SHOT_JOBS.contains(name)) {
				assertThat(this.compose.healthcheckTest(name)).as(name + " health check").hasSizeGreaterThan(1);
			}
		}
	}

	@Test
	void servicesCheckTheirHealthAsTheImageDoes() {
		List<String> image = DockerfileTest.healthcheckCommand();
		for (String service : Repository.SERVICES) {
			List<String> test = this.compose.healthcheckTest(service);
			assertThat(test).as(service + " health check").hasSize(4).startsWith("CMD");
			assertThat(test.subList(1, 4)).as(service + " health check").containsExactlyElementsOf(image);
		}
	}

	@Test
	void everyServiceWaitsForHealthyInfrastructure() {
		Map<String, Set<String>> expected = new LinkedHashMap<>();
		expected.put("gateway-service",
				Set.of("redis", "user-service", "post-service", "feed-service", "notification-service"));
		expected.put("user-service", Set.of("postgres-a", "postgres-b", "redis", "elasticmq"));
		expected.put("post-service", Set.of("postgres-a", "postgres-b", "redis", "elasticmq", "minio"));
		expected.put("feed-service", Set.of("redis", "elasticmq"));
		expected.put("notification-service", Set.of("postgres-a", "postgres-b", "elasticmq"));
		expected.forEach((service, dependencies) -> {
			Map<String, String> dependsOn = this.compose.dependsOn(service);
			for (String dependency : dependencies) {
				assertThat(dependsOn).as(service + " depends_on").containsEntry(dependency, "service_healthy");
			}
		});
		assertThat(this.compose.dependsOn("post-service")).as("post-service waits for its bucket")
			.containsEntry("minio-bucket", "service_completed_successfully");
	}

	@Test
	void everyServiceWaitsForTheInfrastructureItsConfigurationNames() {
		for (String service : Repository.SERVICES) {
			Set<String> named = new HashSet<>();
			for (String value : this.compose.environment(service).values()) {
				Matcher address = ServiceConfigurationTest.ADDRESS.matcher(value);
				while (address.find()) {
					named.add(address.group(1));
				}
			}
			named.retainAll(INFRASTRUCTURE);
			// Traces are best effort: a service starts, and drops spans, without Jaeger.
			named.remove("jaeger");
			assertThat(this.compose.dependsOn(service)).as(service + " depends_on")
				.containsKeys(named.toArray(String[]::new));
		}
	}

	@Test
	void everyDependencyExistsAndCanReportThatItIsReady() {
		for (String name : this.compose.serviceNames()) {
			this.compose.dependsOn(name).forEach((dependency, condition) -> {
				assertThat(this.compose.serviceNames()).as(name + " depends on").contains(dependency);
				if (condition.equals("service_completed_successfully")) {
					assertThat(ONE_SHOT_JOBS).as(name + " waits for the completion of").contains(dependency);
					assertThat(String.valueOf(this.compose.service(dependency).get("restart")))
						.as(dependency + " restart")
						.isEqualTo("no");
				}
				else {
					assertThat(condition).as(name + " -> " + dependency).isEqualTo("service_healthy");
					assertThat(this.compose.healthcheckTest(dependency)).as(dependency + " health check").isNotEmpty();
				}
			});
		}
	}

	@Test
	void everyOneShotJobIsAwaitedByALongRunningService() {
		// What lets `docker compose up --wait` succeed when the job has exited.
		for (String job : ONE_SHOT_JOBS) {
			assertThat(this.compose.serviceNames()).as("services awaiting " + job)
				.anyMatch((name) -> !ONE_SHOT_JOBS.contains(name)
						&& "service_completed_successfully".equals(this.compose.dependsOn(name).get(job)));
		}
	}

	@Test
	void stateLivesInDeclaredNamedVolumes() {
		Set<String> used = new HashSet<>();
		for (String name : this.compose.serviceNames()) {
			for (Mount mount : this.compose.mounts(name)) {
				if (mount.type().equals("volume")) {
					assertThat(this.compose.declaredVolumes()).as(name + " mounts volume " + mount.source())
						.contains(mount.source());
					used.add(mount.source());
				}
			}
		}
		assertThat(used).containsExactlyInAnyOrderElementsOf(this.compose.declaredVolumes());
		Map<String, String> dataDirectories = Map.of("postgres-a", "/var/lib/postgresql/data", "postgres-b",
				"/var/lib/postgresql/data", "redis", "/data", "minio", "/data", "prometheus", "/prometheus", "grafana",
				"/var/lib/grafana");
		Set<String> volumes = new HashSet<>();
		dataDirectories.forEach((name, directory) -> {
			Mount mount = this.compose.mounts(name)
				.stream()
				.filter((candidate) -> candidate.target().equals(directory))
				.findFirst()
				.orElseThrow(() -> new AssertionError(name + " keeps " + directory + " in no volume"));
			assertThat(mount.type()).as(name + " " + directory).isEqualTo("volume");
			volumes.add(mount.source());
		});
		assertThat(volumes).as("one volume per data directory").hasSize(dataDirectories.size());
	}

	@Test
	void filesMountedFromTheRepositoryExistAndAreReadOnly() {
		for (String name : this.compose.serviceNames()) {
			for (Mount mount : this.compose.mounts(name)) {
				if (mount.type().equals("bind")) {
					Path source = Repository.root().resolve(mount.source()).normalize();
					assertThat(source).as(name + " mounts").exists();
					assertThat(source.startsWith(Repository.root())).as(name + " mounts " + mount.source()).isTrue();
					assertThat(mount.readOnly()).as(name + " mounts " + mount.source() + " read-only").isTrue();
				}
			}
		}
	}

	@Test
	void onlyTheGatewayAndTheOperatorsEndpointsArePublished() {
		Map<String, List<Port>> published = new LinkedHashMap<>();
		for (String name : this.compose.serviceNames()) {
			List<Port> ports = this.compose.ports(name);
			if (!ports.isEmpty()) {
				published.put(name, ports);
			}
		}
		// The gateway too on 127.0.0.1 unless .env opens it (PIXELGRAM_GATEWAY_ADDRESS).
		assertThat(published).containsOnly(entry("gateway-service", List.of(new Port("127.0.0.1", 8080, 8080))),
				entry("grafana", List.of(new Port("127.0.0.1", 3000, 3000))),
				entry("prometheus", List.of(new Port("127.0.0.1", 9090, 9090))),
				entry("jaeger", List.of(new Port("127.0.0.1", 16686, 16686))),
				entry("mailpit", List.of(new Port("127.0.0.1", 8025, 8025))),
				// the photos' URLs point at it: MinIO stands in for the CDN
				entry("minio", List.of(new Port("127.0.0.1", 9000, 9000))));
	}

	@Test
	void noPublishedPortServesTheActuator() {
		// The gateway's security lets /actuator/prometheus through without a token: on a
		// published port anyone could read every metric.
		Set<String> published = new HashSet<>();
		for (String service : Repository.SERVICES) {
			List<Port> ports = this.compose.ports(service);
			if (ports.isEmpty()) {
				continue;
			}
			published.add(service);
			int management = managementPort(this.compose, service);
			assertThat(management).as(service + " management port (MANAGEMENT_SERVER_PORT)")
				.isNotEqualTo(serverPort(service));
			assertThat(ports).extracting(Port::target).as(service + " published ports").doesNotContain(management);
		}
		assertThat(published).as("services with a published port").contains("gateway-service");
	}

	@Test
	void everyVariableTheFileUsesIsDefinedForLocalUse() {
		String text = Repository.read(ComposeFile.FILE);
		Matcher reference = EnvFile.REFERENCE.matcher(text);
		Set<String> used = new HashSet<>();
		while (reference.find()) {
			if (reference.group(1) != null) {
				used.add(reference.group(1));
				this.compose.env().interpolate(reference.group());
			}
		}
		assertThat(used).isNotEmpty();
		assertThat(this.compose.env().values().keySet()).as("variables of .env that nothing uses")
			.containsExactlyInAnyOrderElementsOf(used);
	}

	@Test
	void dockerComposeAcceptsTheFile() throws IOException, InterruptedException {
		assumeThat(run(List.of("docker", "compose", "version"))).as("the docker CLI with its compose plugin").isZero();
		assertThat(run(List.of("docker", "compose", "--project-directory", Repository.root().toString(), "-f",
				Repository.path(ComposeFile.FILE).toString(), "config", "--quiet")))
			.as("docker compose config --quiet")
			.isZero();
	}

	static int serverPort(String service) {
		Map<String, Object> yaml = Repository.yaml(service + "/src/main/resources/application.yaml");
		return (Integer) ComposeFile.map(yaml.get("server")).get("port");
	}

	/**
	 * The port Actuator listens on in the container: management.server.port as Compose
	 * sets it, else as the service's application.yaml does, else the service's port.
	 * @param compose the compose file
	 * @param service the service
	 * @return the port of /actuator/health and /actuator/prometheus
	 */
	static int managementPort(ComposeFile compose, String service) {
		String variable = compose.environment(service).get("MANAGEMENT_SERVER_PORT");
		if (variable != null) {
			return Integer.parseInt(variable);
		}
		Map<String, Object> yaml = Repository.yaml(service + "/src/main/resources/application.yaml");
		Map<String, Object> management = ComposeFile.map(yaml.get("management"));
		Map<String, Object> server = (management != null) ? ComposeFile.map(management.get("server")) : null;
		Object port = (server != null) ? server.get("port") : null;
		return (port != null) ? Integer.parseInt(String.valueOf(port)) : serverPort(service);
	}

	private static int run(List<String> command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			return -1;
		}
		process.getInputStream().transferTo(System.out);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return -1;
		}
		return process.exitValue();
	}

}
