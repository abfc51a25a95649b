package com.pixelgram.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the summary Gatling prints at the end of a simulation (its console output) and
 * turns it into one result line: throughput, the 50th/95th/99th percentiles and failures
 * over all requests of the scenario, then, per request kind, how many were sent and how
 * many failed ({@code detail}, spaces written as {@code ~}), and Gatling's list of errors
 * with their counts ({@code failures}, the same way).
 */
final class GatlingSummary {

	private static final Pattern ERROR_LINE = Pattern.compile("(.*?)[\\s|]+([\\d,]+)[\\s|]*\\(\\s*[\\d.,]+\\s*%\\)");

	private GatlingSummary() {
	}

	static List<String> lines(Path consoleLog, String name) throws IOException {
		List<String> lines = Files.readAllLines(consoleLog);
		int global = -1;
		int requests = -1;
		int errors = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("---- Global Information")) {
				global = i;
			}
			if (lines.get(i).startsWith("---- Requests")) {
				requests = i;
			}
			if (lines.get(i).startsWith("---- Errors")) {
				errors = i;
			}
		}
		if (global < 0) {
			throw new IllegalStateException("no Gatling summary in " + consoleLog);
		}
		Map<String, String[]> stats = new LinkedHashMap<>();
		for (int i = global + 1; i < lines.size() && lines.get(i).startsWith("> "); i++) {
			String[] cells = lines.get(i).substring(2).split("\\|");
			stats.put(cells[0].trim(), new String[] { number(cells[1]), number(cells[3]) });
		}
		List<String> detail = new ArrayList<>();
		for (int i = requests + 1; requests >= 0 && i < lines.size() && lines.get(i).startsWith("> "); i++) {
			String[] cells = lines.get(i).substring(2).split("\\|");
			String request = cells[0].trim();
			if (!request.equals("Global")) {
				detail.add(request.replace(' ', '~') + ":" + number(cells[1]) + "/" + number(cells[3]));
			}
		}
		List<String> failures = new ArrayList<>();
		for (int i = errors + 1; errors >= 0 && i < lines.size() && lines.get(i).startsWith("> "); i++) {
			failures.add(failure(lines.get(i).substring(2)));
		}
		return List.of(String.format("%s rps=%s p50=%s p95=%s p99=%s requests=%s errors=%s detail=%s failures=%s", name,
				value(stats, "mean throughput (rps)"), value(stats, "response time 50th percentile (ms)"),
				value(stats, "response time 95th percentile (ms)"), value(stats, "response time 99th percentile (ms)"),
				value(stats, "request count"), stats.getOrDefault("request count", new String[] { "?", "?" })[1],
				String.join(";", detail), String.join(";", failures)));
	}

	/**
	 * One line of Gatling's error list, {@code message count (share%)}, as
	 * {@code message~×~count}.
	 */
	static String failure(String line) {
		Matcher matcher = ERROR_LINE.matcher(line.trim());
		String text = matcher.matches() ? matcher.group(1).trim() + " × " + number(matcher.group(2)) : line.trim();
		return text.replace(';', ',').replaceAll("\\s+", "~");
	}

	private static String value(Map<String, String[]> stats, String key) {
		String[] cells = stats.get(key);
		return (cells != null) ? cells[0] : "?";
	}

	private static String number(String cell) {
		String value = cell.trim().replace(",", "");
		return value.equals("-") ? "0" : value;
	}

}
