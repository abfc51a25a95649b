package com.pixelgram.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table the suite prints and writes to {@code chaos-tests/target/chaos-report.md}:
 * per fault, the requests sent while it lasted and until the failed part ran again, the
 * errors among them by route and status, those out of place, the acknowledged writes
 * lost, and how long after the fault ended every check passed.
 */
final class ChaosReport {

	private final String mode;

	private final List<Row> rows = new ArrayList<>();

	ChaosReport(String mode) {
		this.mode = mode;
	}

	/**
	 * One fault's outcome.
	 *
	 * @param fault what failed
	 * @param duration how long it was injected, and what its healing took
	 * @param requests requests sent from its start until the load stopped
	 * @param errors failed requests (5xx or no answer) by route and status
	 * @param outOfPlace failed requests that did not need what failed
	 * @param lost acknowledged writes not found afterwards
	 * @param unanswered writes still without an answer after sending them again
	 * @param recovery from the fault's end until every check passed, or {@code null}
	 * @param problems what did not hold at the last check
	 */
	record Row(String fault, String duration, int requests, Map<String, Integer> errors, int outOfPlace, int lost,
			int unanswered, Duration recovery, List<String> problems) {

		int errorCount() {
			return this.errors.values().stream().mapToInt(Integer::intValue).sum();
		}

		boolean passed() {
			return this.outOfPlace == 0 && this.lost == 0 && this.unanswered == 0 && this.recovery != null;
		}

	}

	/** What went beyond what failed, one line per fault that did not pass. */
	List<String> failures() {
		return this.rows.stream()
			.filter((row) -> !row.passed())
			.map((row) -> row.fault() + ": " + row.outOfPlace() + " errors out of place, " + row.lost()
					+ " writes lost, " + row.unanswered() + " unanswered, "
					+ ((row.recovery() != null) ? "recovered" : "not recovered") + "; " + row.problems())
			.toList();
	}

	/** Tallies the calls of a fault's window. */
	static Row row(String fault, String duration, Iterable<Client.Call> calls, long from, long to,
			java.util.function.Predicate<Client.Call> mayFail, int lost, int unanswered, Duration recovery,
			List<String> problems) {
		int requests = 0;
		int outOfPlace = 0;
		Map<String, Integer> errors = new TreeMap<>();
		for (Client.Call call : calls) {
			if (call.at() < from || call.at() > to) {
				continue;
			}
			requests++;
			if (call.failed()) {
				String key = call.route() + " " + ((call.status() == 0) ? "no answer" : String.valueOf(call.status()));
				errors.merge(key, 1, Integer::sum);
				if (!mayFail.test(call)) {
					outOfPlace++;
				}
			}
		}
		return new Row(fault, duration, requests, errors, outOfPlace, lost, unanswered, recovery, problems);
	}

	void add(Row row) {
		this.rows.add(row);
	}

	List<Row> rows() {
		return this.rows;
	}

	String markdown() {
		StringBuilder text = new StringBuilder();
		text.append("# Chaos report (").append(this.mode).append(")\n\n");
		text.append("- Run at: ").append(Instant.now()).append('\n');
		text.append("- Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append("\n\n");
		text.append("| fault | duration | requests | errors (where) | out of place | writes lost | recovery |\n");
		text.append("| --- | --- | ---: | --- | ---: | ---: | ---: |\n");
		for (Row row : this.rows) {
			List<String> where = new ArrayList<>();
			row.errors().forEach((key, count) -> where.add(key + " ×" + count));
			text.append("| ")
				.append(row.fault())
				.append(" | ")
				.append(row.duration())
				.append(" | ")
				.append(row.requests())
				.append(" | ")
				.append(row.errorCount())
				.append(where.isEmpty() ? "" : ": " + String.join(", ", where))
				.append(" | ")
				.append(row.outOfPlace())
				.append(" | ")
				.append(row.lost())
				.append((row.unanswered() > 0) ? " (" + row.unanswered() + " unanswered)" : "")
				.append(" | ")
				.append((row.recovery() != null)
						? String.format(Locale.ROOT, "%.1f s", row.recovery().toMillis() / 1000.0) : "not recovered")
				.append(" |\n");
		}
		text.append('\n');
		text.append("Requests and errors count from the fault's start until the load stopped, a few seconds after ")
			.append("the failed part ran again; an error is a 5xx or no answer. Out of place: errors of requests ")
			.append("that did not need what failed. Recovery: from the fault's end (for a killed service, once it ")
			.append("is ready again) until every check passed: no acknowledged write lost, counts equal to the ")
			.append("writes at every consumer, every feed whole with each post once.\n");
		for (Row row : this.rows) {
			if (!row.problems().isEmpty()) {
				text.append("\nStill wrong after ").append(row.fault()).append(":\n");
				row.problems().stream().limit(20).forEach((problem) -> text.append("- ").append(problem).append('\n'));
			}
		}
		return text.toString();
	}

	void write(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, markdown(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
