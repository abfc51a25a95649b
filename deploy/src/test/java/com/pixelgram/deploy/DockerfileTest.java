package com.pixelgram.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.pixelgram.deploy.Dockerfile.Instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The one Dockerfile that builds every service's image. */
class DockerfileTest {

	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private final Dockerfile dockerfile = Dockerfile.load();

	@Test
	void extractsTheLayeredJarInAStageOfItsOwnAndRunsOnAJavaRuntimeImage() {
		List<Instruction> froms = this.dockerfile.all("FROM");
		assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
		String extractStage = froms.get(0).arguments().replaceAll("(?i).*\\bAS\\s+", "");
		assertThat(this.dockerfile.all("RUN")).extracting(Instruction::arguments)
			.anyMatch((run) -> run.contains("-Djarmode=tools") && run.contains("extract") && run.contains("--layers")
					&& run.contains("--launcher"));
		String runtime = this.dockerfile.finalStage().get(0).arguments();
		assertThat(runtime).as("the final stage's base image").startsWith("eclipse-temurin:25").contains("jre");
		assertThat(this.dockerfile.finalStage()).filteredOn((instruction) -> instruction.keyword().equals("COPY"))
			.allSatisfy((copy) -> assertThat(copy.arguments()).startsWith("--from=" + extractStage + " "));
	}

	@Test
	void copiesTheJarLayersFromLeastToMostOftenChanged() {
		List<String> copied = new ArrayList<>();
		Pattern layer = Pattern.compile("/extracted/([a-z-]+)/");
		for (Instruction copy : this.dockerfile.finalStage()) {
			Matcher matcher = layer.matcher(copy.arguments());
			if (copy.keyword().equals("COPY") && matcher.find()) {
				copied.add(matcher.group(1));
			}
		}
		assertThat(copied).containsExactlyElementsOf(LAYERS);
	}

	@Test
	void runsAsAFixedNonRootUser() {
		List<Instruction> users = this.dockerfile.finalStage()
			.stream()
			.filter((instruction) -> instruction.keyword().equals("USER"))
			.toList();
		assertThat(users).hasSize(1);
		String user = users.get(0).arguments();
		assertThat(user).matches("\\d+(:\\d+)?");
		int uid = Integer.parseInt(user.split(":")[0]);
		assertThat(uid).isNotZero();
		assertThat(this.dockerfile.finalStage()).extracting(Instruction::arguments)
			.anyMatch((arguments) -> arguments.contains("useradd") && arguments.contains("--uid " + uid));
		int entrypoint = this.dockerfile.finalStage().indexOf(entrypoint());
		assertThat(this.dockerfile.finalStage().indexOf(users.get(0))).isLessThan(entrypoint);
	}

	@Test
	void sizesTheHeapFromTheContainersMemoryLimitAndExitsOnOutOfMemory() {
		String env = this.dockerfile.finalStage()
			.stream()
			.filter((instruction) -> instruction.keyword().equals("ENV"))
			.map(Instruction::arguments)
			.filter((arguments) -> arguments.contains("JAVA_TOOL_OPTIONS"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ENV JAVA_TOOL_OPTIONS in the final stage"));
		assertThat(env).contains("-XX:MaxRAMPercentage=", "-XX:InitialRAMPercentage=", "-XX:+ExitOnOutOfMemoryError")
			.doesNotContain("-Xmx");
	}

	@Test
	void startsTheServiceWithBootsJarLauncherAndNativeAccessForNetty() {
		assertThat(entrypoint().arguments())
			.isEqualTo("[\"java\", \"--enable-native-access=ALL-UNNAMED\", \"" + LAUNCHER + "\"]");
	}

	@Test
	void exposesTheServicePortThatTheHealthCheckAsks() {
		assertThat(this.dockerfile.finalStage()).extracting(Instruction::keyword).contains("EXPOSE", "HEALTHCHECK");
		assertThat(this.dockerfile.finalStage()).extracting(Instruction::arguments)
			.contains("${SERVER_PORT}")
			.anyMatch((arguments) -> arguments.startsWith("SERVER_PORT=${SERVER_PORT}"));
		assertThat(healthcheckCommand().get(2)).contains("/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-${SERVER_PORT}}",
				"GET /actuator/health/readiness ");
	}

	@Test
	void healthCheckPassesOnlyWhileTheServiceIsReady() {
		assumeThat(ReadinessStub.bashAvailable()).as("bash runs the health check").isTrue();
		List<String> command = healthcheckCommand();
		try (ReadinessStub ready = ReadinessStub.answering(200)) {
			assertThat(ReadinessStub.run(command, ready.port())).as("exit code when ready").isZero();
		}
		try (ReadinessStub draining = ReadinessStub.answering(503)) {
			assertThat(ReadinessStub.run(command, draining.port())).as("exit code when not ready").isNotZero();
		}
		int closedPort;
		try (ReadinessStub stopped = ReadinessStub.answering(200)) {
			closedPort = stopped.port();
		}
		assertThat(ReadinessStub.run(command, closedPort)).as("exit code when nothing listens").isNotZero();
	}

	@Test
	void healthCheckAsksTheManagementPortWhenOneIsSet() {
		assumeThat(ReadinessStub.bashAvailable()).as("bash runs the health check").isTrue();
		List<String> command = healthcheckCommand();
		try (ReadinessStub api = ReadinessStub.answering(503);
				ReadinessStub management = ReadinessStub.answering(200)) {
			assertThat(ReadinessStub.run(command, api.port(), management.port()))
				.as("exit code when the management port says ready")
				.isZero();
		}
		try (ReadinessStub api = ReadinessStub.answering(200);
				ReadinessStub management = ReadinessStub.answering(503)) {
			assertThat(ReadinessStub.run(command, api.port(), management.port()))
				.as("exit code when only the service's port says ready")
				.isNotZero();
		}
	}

	@Test
	void copiesTheJarThatEveryServiceModuleBuilds() throws IOException {
		assertThat(this.dockerfile.all("COPY")).extracting(Instruction::arguments)
			.contains("${SERVICE}/target/${SERVICE}.jar application.jar");
		String validation = this.dockerfile.all("RUN").get(0).arguments();
		for (String service : Repository.SERVICES) {
			String pom = Repository.read(service + "/pom.xml");
			assertThat(pom).as(service + "/pom.xml").contains("<finalName>" + service + "</finalName>");
			assertThat(validation).as("the SERVICE check of the Dockerfile").contains(service);
		}
		List<String> dockerignore = Files.readAllLines(Repository.path(".dockerignore"), StandardCharsets.UTF_8)
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(dockerignore.get(0)).as("the build context starts empty").isEqualTo("*");
		assertThat(dockerignore.subList(1, dockerignore.size())).containsExactlyInAnyOrderElementsOf(
				Repository.SERVICES.stream().map((service) -> "!" + service + "/target/" + service + ".jar").toList());
	}

	@Test
	void builtServiceJarsHaveTheLayersTheDockerfileCopies() throws IOException {
		List<Path> jars = Repository.SERVICES.stream()
			.map((service) -> Repository.path(service + "/target/" + service + ".jar"))
			.filter(Files::isRegularFile)
			.toList();
		assumeThat(jars).as("service jars built by this reactor build (./mvnw package)").isNotEmpty();
		for (Path jar : jars) {
			try (JarFile file = new JarFile(jar.toFile())) {
				assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).as(jar + " Main-Class")
					.isEqualTo(LAUNCHER);
				String index = new String(file.getInputStream(file.getEntry("BOOT-INF/layers.idx")).readAllBytes(),
						StandardCharsets.UTF_8);
				List<String> layers = index.lines()
					.filter((line) -> line.startsWith("- \""))
					.map((line) -> line.substring(3, line.indexOf('"', 3)))
					.toList();
				assertThat(layers).as(jar + " layers").containsExactlyElementsOf(LAYERS);
			}
		}
	}

	private Instruction entrypoint() {
		List<Instruction> entrypoints = this.dockerfile.finalStage()
			.stream()
			.filter((instruction) -> instruction.keyword().equals("ENTRYPOINT"))
			.toList();
		assertThat(entrypoints).hasSize(1);
		return entrypoints.get(0);
	}

	/** The HEALTHCHECK's exec form, parsed as the JSON array it is. */
	static List<String> healthcheckCommand() {
		Instruction healthcheck = Dockerfile.load()
			.finalStage()
			.stream()
			.filter((instruction) -> instruction.keyword().equals("HEALTHCHECK"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no HEALTHCHECK"));
		String arguments = healthcheck.arguments();
		String json = arguments.substring(arguments.indexOf("CMD [") + 4);
		List<String> command = new ArrayList<>();
		Repository.parseJson(json).forEach((node) -> command.add(node.asString()));
		assertThat(command).hasSize(3);
		assertThat(command.subList(0, 2)).containsExactly("bash", "-c");
		return command;
	}

}
