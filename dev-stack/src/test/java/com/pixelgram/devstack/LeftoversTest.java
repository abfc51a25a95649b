package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.pixelgram.devstack.Leftovers.Stopped;
import com.pixelgram.devstack.OwnedProcess.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class LeftoversTest {

	@TempDir
	Path data;

	private final List<Process> started = new ArrayList<>();

	private final List<Stopped> reports = new ArrayList<>();

	@AfterEach
	void stopWhatRemains() {
		this.started.forEach(Process::destroyForcibly);
	}

	@Test
	void stopsARecordedProcessThatIsStillTheOneRecorded() throws IOException {
		Process sleeper = start("sleep", "60");
		OwnedProcess recorded = OwnedProcess.of(Kind.SERVICE, "sleeper", sleeper.toHandle(), "sleep");
		writePidFile(recorded);

		assertThat(Leftovers.stop(this.data, this.reports::add)).isEqualTo(1);

		assertThat(this.reports).containsExactly(new Stopped(recorded, false, true));
		assertThat(OwnedProcess.isRunning(sleeper.toHandle())).isFalse();
		assertThat(Leftovers.describe(this.reports.get(0), "left running"))
			.isEqualTo("Stopped sleeper (pid " + sleeper.pid() + "), left running");
	}

	@Test
	void leavesAloneAProcessThatGotARecordedPidLater() throws IOException {
		Process other = start("sleep", "60");
		long started = other.toHandle().info().startInstant().orElseThrow().toEpochMilli();
		// what a killed dev-stack recorded a minute before the pid went to this process
		writePidFile(new OwnedProcess(Kind.SERVICE, "sleeper", other.pid(), started - 60_000, "sleep"));

		assertThat(Leftovers.stop(this.data, this.reports::add)).isZero();

		assertThat(this.reports).isEmpty();
		assertThat(OwnedProcess.isRunning(other.toHandle())).isTrue();
	}

	@Test
	void leavesAloneAProcessWhoseCommandLineDoesNotNameTheRecordedMarker() throws IOException {
		Process other = start("sleep", "60");
		writePidFile(OwnedProcess.of(Kind.SERVICE, "user-service", other.toHandle(),
				"/repo/user-service/target/user-service.jar"));

		assertThat(Leftovers.stop(this.data, this.reports::add)).isZero();

		assertThat(OwnedProcess.isRunning(other.toHandle())).isTrue();
	}

	@Test
	void leavesAloneTheProcessThatAStalePostmasterPidNamesWhenItIsNotThatPostmaster() throws IOException {
		Process other = start("sleep", "60");
		writePostmasterPid(other.pid());

		assertThat(Leftovers.stop(this.data, this.reports::add)).isZero();

		assertThat(OwnedProcess.isRunning(other.toHandle())).isTrue();
	}

	@Test
	void stopsThePostmasterThatPostmasterPidNamesWhenItRunsOnThisDataDirectory() throws IOException {
		Path postgres = Files.createDirectories(this.data.resolve(Leftovers.POSTGRES_DIRECTORY));
		// stands in for a postmaster: its command line names the data directory, and
		// SIGINT stops it
		Process postmaster = start(ProcessHandle.current().info().command().orElseThrow(), "-Xmx16m", "-cp",
				System.getProperty("java.class.path"), Idle.class.getName(), "-D", postgres.toString());
		writePostmasterPid(postmaster.pid());

		assertThat(Leftovers.stop(this.data, this.reports::add)).isEqualTo(1);

		assertThat(this.reports).singleElement().satisfies((stopped) -> {
			assertThat(stopped.process().name()).isEqualTo("postgres");
			assertThat(stopped.process().pid()).isEqualTo(postmaster.pid());
			assertThat(stopped.killed()).as("stopped by SIGINT, not killed").isFalse();
			assertThat(stopped.gone()).isTrue();
		});
	}

	@Test
	void findsNothingWhereNothingWasRecorded() {
		assertThat(Leftovers.stop(this.data, this.reports::add)).isZero();
		assertThat(Leftovers.postmaster(this.data.resolve(Leftovers.POSTGRES_DIRECTORY))).isEmpty();
	}

	@Test
	void readsThePostmastersPidFromTheFirstLineOfPostmasterPid() throws IOException {
		Path postgres = Files.createDirectories(this.data.resolve(Leftovers.POSTGRES_DIRECTORY));
		Files.writeString(postgres.resolve("postmaster.pid"),
				"4242\n" + postgres + "\n1760000000\n15432\n/tmp\n127.0.0.1\n  15432001         0\nready   \n");

		assertThat(Leftovers.postmaster(postgres)).contains(new OwnedProcess(Kind.POSTGRES, "postgres", 4242, -1,
				postgres.toAbsolutePath().normalize().toString()));

		Files.writeString(postgres.resolve("postmaster.pid"), "\n");
		assertThat(Leftovers.postmaster(postgres)).isEmpty();
	}

	private Process start(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		this.started.add(process);
		return process;
	}

	private void writePidFile(OwnedProcess process) throws IOException {
		Files.writeString(this.data.resolve(ProcessLedger.FILE_NAME), "# header\n" + process.line() + "\n");
	}

	private void writePostmasterPid(long pid) throws IOException {
		Path postgres = Files.createDirectories(this.data.resolve(Leftovers.POSTGRES_DIRECTORY));
		Files.writeString(postgres.resolve("postmaster.pid"), pid + "\n" + postgres + "\n");
	}

	/**
	 * A process that waits until it is stopped, with the command line it is given.
	 */
	static final class Idle {

		public static void main(String[] args) throws InterruptedException {
			Thread.sleep(60_000);
		}

	}

}
