package com.pixelgram.devstack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.pixelgram.devstack.Leftovers.Stopped;
import com.pixelgram.devstack.OwnedProcess.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launcher killed with SIGKILL, as the user did: a separate JVM that registers
 * a child exactly as dev-stack registers its services.
 */
class WatchdogTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@TempDir
	Path data;

	private final List<ProcessHandle> started = new ArrayList<>();

	@AfterEach
	void stopWhatRemains() {
		this.started.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void runsTheJarsOwnMainWhenDevStackRunsFromItsJar() {
		assertThat(Watchdog.command("/jdk/bin/java", "dev-stack/target/dev-stack.jar", 4242)).containsExactly(
				"/jdk/bin/java", "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
				"dev-stack/target/dev-stack.jar", "--watchdog", "4242");
	}

	@Test
	void runsItsOwnClassWhenDevStackRunsFromAClassPath() {
		assertThat(Watchdog.command("java", "target/classes:lib/a.jar", 4242)).endsWith("-cp",
				"target/classes:lib/a.jar", Watchdog.class.getName(), "4242");
	}

	@Test
	void readsWhatDevStackWritesUntilTheInputEnds() {
		OwnedProcess service = new OwnedProcess(Kind.SERVICE, "user-service", 42, 1_760_000_000_000L, "/u.jar");
		OwnedProcess redis = new OwnedProcess(Kind.REDIS, "redis-server", 43, 1_760_000_000_500L, "redis-server");
		String input = service.line() + "\nnot a process\n" + redis.line() + "\n";

		assertThat(Watchdog.readUntilEnd(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))))
			.containsExactly(service, redis);
	}

	@Test
	void forgetsWhatDevStackSaysItHasStoppedItself() {
		OwnedProcess service = new OwnedProcess(Kind.SERVICE, "user-service", 42, 1_760_000_000_000L, "/u.jar");
		String input = service.line() + "\n" + Watchdog.ALL_STOPPED + "\n";

		assertThat(Watchdog.readUntilEnd(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))).isEmpty();
	}

	@Test
	void stopsTheChildrenOfALauncherKilledWithSigkill() throws Exception {
		Launcher launcher = Launcher.start(this.data, this.started);

		assertThat(OwnedProcess.isRunning(launcher.child())).isTrue();
		launcher.process().destroyForcibly();

		awaitStopped(launcher.child());
		assertThat(launcher.awaitLine("dev-stack watchdog:"))
			.isEqualTo("dev-stack watchdog: Stopped sleeper (pid " + launcher.child().pid() + "), which dev-stack (pid "
					+ launcher.process().pid() + ") left running when it ended");
	}

	@Test
	void theNextStartStopsWhatALauncherKilledWithItsWatchdogLeftRunning() throws Exception {
		Launcher launcher = Launcher.start(this.data, this.started);
		launcher.watchdog().destroyForcibly();
		awaitStopped(launcher.watchdog());
		launcher.process().destroyForcibly();
		assertThat(launcher.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(OwnedProcess.isRunning(launcher.child())).as("left running").isTrue();

		List<Stopped> stopped = new ArrayList<>();
		assertThat(Leftovers.stop(this.data, stopped::add)).isEqualTo(1);

		assertThat(stopped).singleElement().satisfies((process) -> {
			assertThat(process.process().pid()).isEqualTo(launcher.child().pid());
			assertThat(process.gone()).isTrue();
		});
		assertThat(OwnedProcess.isRunning(launcher.child())).isFalse();
	}

	private static void awaitStopped(ProcessHandle process) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (OwnedProcess.isRunning(process) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(OwnedProcess.isRunning(process)).as("pid %d still runs after %s", process.pid(), WAIT).isFalse();
	}

	/**
	 * The launcher's JVM, the file its output goes to, and the child and watchdog it
	 * started.
	 */
	private record Launcher(Process process, Path output, ProcessHandle child, ProcessHandle watchdog) {

		static Launcher start(Path data, List<ProcessHandle> started) throws Exception {
			// A file, not a pipe: the watchdog writes to it after the launcher has gone,
			// and
			// Java stops reading a child's pipe once the child has exited.
			Path output = data.resolve("launcher.out");
			Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m",
					"-cp", System.getProperty("java.class.path"), FakeLauncher.class.getName(), data.toString())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			started.add(process.toHandle());
			Launcher launcher = new Launcher(process, output, null, null);
			ProcessHandle child = ProcessHandle.of(Long.parseLong(launcher.awaitLine("child ").substring(6)))
				.orElseThrow();
			started.add(child);
			ProcessHandle watchdog = ProcessHandle.of(Long.parseLong(launcher.awaitLine("watchdog ").substring(9)))
				.orElseThrow();
			started.add(watchdog);
			return new Launcher(process, output, child, watchdog);
		}

		String awaitLine(String prefix) throws IOException, InterruptedException {
			long deadline = System.nanoTime() + WAIT.toNanos();
			List<String> lines = List.of();
			while (System.nanoTime() < deadline) {
				lines = Files.readAllLines(this.output, StandardCharsets.UTF_8);
				for (String line : lines) {
					if (line.startsWith(prefix)) {
						return line;
					}
				}
				Thread.sleep(50);
			}
			throw new AssertionError("No line starting with '" + prefix + "' in " + lines);
		}

	}

	/**
	 * Registers a child process as dev-stack registers its services and waits to be
	 * killed (or for its standard input to end, should the test's JVM go first).
	 */
	static final class FakeLauncher {

		public static void main(String[] args) throws IOException {
			String java = ProcessHandle.current().info().command().orElseThrow();
			ProcessLedger ledger = ProcessLedger.start(Path.of(args[0]),
					Watchdog.command(java, System.getProperty("java.class.path"), ProcessHandle.current().pid()),
					System.out);
			Process child = new ProcessBuilder("sleep", "120").start();
			ledger.record(OwnedProcess.of(Kind.SERVICE, "sleeper", child.toHandle(), "sleep"));
			System.out.println("child " + child.pid());
			System.out.println("watchdog " + ledger.watchdogPid().orElseThrow());
			System.out.flush();
			while (System.in.read() != -1) {
				// until killed
			}
		}

	}

}
