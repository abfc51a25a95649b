package com.pixelgram.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GatlingSummaryTest {

	private static final String CONSOLE = """
			Simulation com.pixelgram.bench.load.MixedSessionSimulation completed in 20 seconds
			================================================================================
			---- Global Information --------------------------------------------------------
			> request count                                   |      1,636 |      1,308 |        328
			> min response time (ms)                          |          4 |          4 |       3001
			> response time 50th percentile (ms)              |        358 |        301 |       3004
			> response time 95th percentile (ms)              |      2,406 |      1,650 |       3011
			> response time 99th percentile (ms)              |      3,155 |      2,720 |       3020
			> mean throughput (rps)                           |      71.13 |      56.87 |      14.26
			---- Requests ------------------------------------------------------------------
			> Global                                          |      1,636 |      1,308 |        328
			> GET /v1/feed                                    |        349 |        258 |         91
			> GET /v1/posts/{id}                              |        258 |        258 |          -
			---- Errors --------------------------------------------------------------------
			> status.find.is(200), but actually found 504                       300 (91.46%)
			> status.find.is(200), but actually found 503                        28 ( 8.54%)
			================================================================================
			""";

	@TempDir
	Path directory;

	@Test
	void summarisesThroughputPercentilesRequestsAndErrors() throws IOException {
		Path log = Files.writeString(this.directory.resolve("gatling.log"), CONSOLE);

		List<String> lines = GatlingSummary.lines(log, "gatling_session");

		assertThat(lines)
			.containsExactly("gatling_session rps=71.13 p50=358 p95=2406 p99=3155 requests=1636 errors=328 "
					+ "detail=GET~/v1/feed:349/91;GET~/v1/posts/{id}:258/0 "
					+ "failures=status.find.is(200),~but~actually~found~504~×~300;"
					+ "status.find.is(200),~but~actually~found~503~×~28");
	}

	@Test
	void aRunWithoutErrorsHasNoFailures() throws IOException {
		String clean = CONSOLE.substring(0, CONSOLE.indexOf("---- Errors")) + "=".repeat(80) + "\n";
		Path log = Files.writeString(this.directory.resolve("gatling.log"), clean);

		assertThat(GatlingSummary.lines(log, "gatling_feed").get(0)).endsWith(" failures=");
	}

	@Test
	void aLogWithoutSummaryIsRefused() throws IOException {
		Path log = Files.writeString(this.directory.resolve("gatling.log"), "Compilation failed\n");

		assertThatIllegalStateException().isThrownBy(() -> GatlingSummary.lines(log, "gatling_feed"));
	}

}
