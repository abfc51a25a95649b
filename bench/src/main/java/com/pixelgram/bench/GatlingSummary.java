package com.pixelgram.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the newest Gatling report of a simulation ({@code js/stats.json}) and turns each
 * request kind into a result line: throughput, the 50th/95th/99th percentiles (Gatling's
 * default percentiles 1, 3 and 4) and failures.
 */
final class GatlingSummary {

	private GatlingSummary() {
	}

	static List<String> lines(Path resultsDir, String prefix) throws IOException {
		Path report;
		try (Stream<Path> runs = Files.list(resultsDir)) {
			report = runs.filter((dir) -> Files.exists(dir.resolve("js/stats.json")))
				.max(Comparator.comparing((dir) -> dir.toFile().lastModified()))
				.orElseThrow(() -> new IllegalStateException("no Gatling report under " + resultsDir));
		}
		JsonNode root = JsonMapper.builder().build().readTree(report.resolve("js/stats.json").toFile());
		List<String> lines = new ArrayList<>();
		lines.add(line(prefix + "_all", root.path("stats")));
		for (Map.Entry<String, JsonNode> entry : root.path("contents").properties()) {
			JsonNode request = entry.getValue();
			lines.add(line(prefix + "_" + request.path("name").asString().replaceAll("[^A-Za-z0-9]+", "_"),
					request.path("stats")));
		}
		return lines;
	}

	private static String line(String name, JsonNode stats) {
		return String.format("%s rps=%.1f p50=%d p95=%d p99=%d requests=%d errors=%d", name,
				stats.path("meanNumberOfRequestsPerSecond").path("total").asDouble(),
				stats.path("percentiles1").path("total").asLong(), stats.path("percentiles3").path("total").asLong(),
				stats.path("percentiles4").path("total").asLong(),
				stats.path("numberOfRequests").path("total").asLong(),
				stats.path("numberOfRequests").path("ko").asLong());
	}

}
