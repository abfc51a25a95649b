package com.pixelgram.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.pixelgram.devstack.OwnedProcess.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OwnedProcessTest {

	private static final String JAR = "/repo/user-service/target/user-service.jar";

	@TempDir
	Path directory;

	@Test
	void readsBackTheLineItWritesAMarkerWithSpacesIncluded() {
		OwnedProcess process = new OwnedProcess(Kind.SERVICE, "user-service", 4242, 1_760_000_000_123L,
				"/home/a developer/pixelgram/user-service/target/user-service.jar");

		assertThat(process.line())
			.isEqualTo("SERVICE user-service 4242 1760000000123 /home/a developer/pixelgram/user-service/target/"
					+ "user-service.jar");
		assertThat(OwnedProcess.parse(process.line())).contains(process);
	}

	@Test
	void ignoresBlankCommentAndMalformedLines() {
		assertThat(List.of("", "  ", "# what dev-stack started", "SERVICE user-service 4242 1760000000123",
				"SERVICE user-service pid 1760000000123 x.jar", "DAEMON user-service 4242 1760000000123 x.jar",
				"SERVICE user-service 0 1760000000123 x.jar", "REDIS redis-server 4242 soon redis-server"))
			.allSatisfy((line) -> assertThat(OwnedProcess.parse(line)).as(line).isEmpty());
	}

	@Test
	void recognisesAServiceByItsJarAmongItsArguments() {
		OwnedProcess service = new OwnedProcess(Kind.SERVICE, "user-service", 1, -1, JAR);

		assertThat(service.namesMarker("/usr/bin/java", List.of("-Xmx384m", "-jar", JAR, "--server.port=8081")))
			.isTrue();
		assertThat(service.namesMarker("/usr/bin/java",
				List.of("-jar", "/repo/./user-service/target/../target/user-service.jar")))
			.isTrue();
		assertThat(service.namesMarker("/usr/bin/java", List.of("-jar", "/repo/post-service/target/post-service.jar")))
			.isFalse();
		assertThat(service.namesMarker("/usr/bin/java", List.of())).isFalse();
	}

	@Test
	void recognisesRedisByItsExecutableWhoseArgumentsItRewrites() {
		OwnedProcess redis = new OwnedProcess(Kind.REDIS, "redis-server", 1, -1, "redis-server");

		assertThat(redis.namesMarker("/tmp/1234/redis-server-6.2.6-v5-linux-amd64", List.of())).isTrue();
		assertThat(redis.namesMarker("/tmp/1234/redis-server-6.2.6-v5-linux-amd64 (deleted)", List.of())).isTrue();
		assertThat(redis.namesMarker("/usr/bin/sleep", List.of("redis-server-6.2.6"))).isFalse();
	}

	@Test
	void recognisesThePostmasterByItsDataDirectoryAndNotByAnotherThatStartsTheSame() throws IOException {
		Path postgres = Files.createDirectories(this.directory.resolve("data/postgres"));
		Path link = Files.createSymbolicLink(this.directory.resolve("link"), this.directory.resolve("data"));
		OwnedProcess postmaster = new OwnedProcess(Kind.POSTGRES, "postgres", 1, -1, postgres.toString());

		assertThat(postmaster.namesMarker("/tmp/pg/bin/postgres", List.of("-D", postgres.toString(), "-p", "15432")))
			.isTrue();
		assertThat(postmaster.namesMarker("/tmp/pg/bin/postgres", List.of("-D", link.resolve("postgres").toString())))
			.isTrue();
		assertThat(postmaster.namesMarker("/tmp/pg/bin/postgres", List.of("-D", postgres + "-old", "-p", "15432")))
			.isFalse();
	}

	@Test
	void isTheProcessBehindItsPidOnlyWhenItStartedThenAndNamesTheMarker() {
		ProcessHandle me = ProcessHandle.current();
		long pid = me.pid();
		long started = me.info().startInstant().orElseThrow().toEpochMilli();
		String java = Path.of(me.info().command().orElseThrow()).getFileName().toString();

		assertThat(new OwnedProcess(Kind.SERVICE, "me", pid, started, java).isSameAs(me)).isTrue();
		assertThat(new OwnedProcess(Kind.SERVICE, "me", pid, -1, java).isSameAs(me)).isTrue();
		// the pid given to a new process since: the start differs
		assertThat(new OwnedProcess(Kind.SERVICE, "me", pid, started - 60_000, java).isSameAs(me)).isFalse();
		assertThat(new OwnedProcess(Kind.SERVICE, "me", pid, started, JAR).isSameAs(me)).isFalse();
		assertThat(new OwnedProcess(Kind.SERVICE, "me", pid, started, java).find()).isPresent();
	}

	@Test
	void readsAnArgumentThatComesAfterALongClassPath() throws IOException {
		String classPath = "/m2/some.jar:".repeat(1_000);
		// the shell stays (a last command would replace it), with these arguments
		Process process = new ProcessBuilder("sh", "-c", "sleep 30; :", classPath, JAR).start();
		try {
			assertThat(OwnedProcess.arguments(process.toHandle())).containsExactly("-c", "sleep 30; :", classPath, JAR);
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	void doesNotCountAProcessThatEndedButWasNotReapedAsRunning() throws Exception {
		assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
		// the background sleep ends at once, and the sleep its parent becomes never reaps
		// it
		Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 30").start();
		try {
			BufferedReader output = new BufferedReader(
					new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
			long pid = Long.parseLong(output.readLine().trim());
			ProcessHandle zombie = ProcessHandle.of(pid).orElseThrow();
			long deadline = System.nanoTime() + 5_000_000_000L;
			while (OwnedProcess.isRunning(zombie) && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}

			assertThat(OwnedProcess.isRunning(zombie)).isFalse();
			assertThat(Path.of("/proc", Long.toString(pid))).as("still in the process table").exists();
		}
		finally {
			parent.destroyForcibly();
		}
	}

}
