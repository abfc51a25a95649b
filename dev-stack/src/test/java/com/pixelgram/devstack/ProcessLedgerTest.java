package com.pixelgram.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.pixelgram.devstack.OwnedProcess.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessLedgerTest {

	@TempDir
	Path data;

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8);

	@Test
	void replacesWhatAnEarlierRunWroteAndForgetsEverythingOnceClearedAfterAnOrderlyStop() throws IOException {
		Path file = this.data.resolve(ProcessLedger.FILE_NAME);
		Files.writeString(file, new OwnedProcess(Kind.SERVICE, "old", 7, 1, "/old.jar").line() + "\n");
		OwnedProcess service = new OwnedProcess(Kind.SERVICE, "user-service", 42, 1_760_000_000_000L, "/u.jar");
		OwnedProcess postgres = new OwnedProcess(Kind.POSTGRES, "postgres", 43, 1_760_000_000_500L, "/data/postgres");

		ProcessLedger ledger = ProcessLedger.start(this.data, List.of("true"), this.out);
		ledger.record(service);
		ledger.record(postgres);

		assertThat(Leftovers.read(file)).containsExactly(service, postgres);
		ledger.clear();
		assertThat(file).doesNotExist();
	}

	@Test
	void keepsThePidFileWhenTheWatchdogCannotStart() throws IOException {
		ProcessLedger ledger = ProcessLedger.start(this.data, List.of(this.data.resolve("no-such-watchdog").toString()),
				this.out);
		OwnedProcess service = new OwnedProcess(Kind.SERVICE, "user-service", 42, 1_760_000_000_000L, "/u.jar");

		ledger.record(service);

		assertThat(ledger.watchdogPid()).isEmpty();
		assertThat(this.output.toString(StandardCharsets.UTF_8)).startsWith("Could not start dev-stack's watchdog");
		assertThat(Leftovers.read(this.data.resolve(ProcessLedger.FILE_NAME))).containsExactly(service);
	}

}
