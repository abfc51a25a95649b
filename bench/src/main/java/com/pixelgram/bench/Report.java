package com.pixelgram.bench;

import java.time.Instant;
import java.util.List;

/** The Markdown report: one table per benchmark, each figure beside its baseline. */
final class Report {

	private Report() {
	}

	/**
	 * One benchmark's table.
	 *
	 * @param title the heading
	 * @param method how it was measured, in a sentence or two
	 * @param columns the column headings
	 * @param rows the rows, cells already formatted
	 */
	record Section(String title, String method, List<String> columns, List<List<String>> rows) {

	}

	static String render(List<Section> sections, String machine) {
		StringBuilder markdown = new StringBuilder();
		markdown.append("# Pixelgram benchmark report\n\n");
		markdown.append("- Run at: ").append(Instant.now()).append('\n');
		markdown.append("- Machine: ").append(machine).append("\n\n");
		for (Section section : sections) {
			markdown.append("## ").append(section.title()).append("\n\n");
			markdown.append(section.method()).append("\n\n");
			markdown.append("| ").append(String.join(" | ", section.columns())).append(" |\n");
			markdown.append("|").append(" --- |".repeat(section.columns().size())).append('\n');
			for (List<String> row : section.rows()) {
				markdown.append("| ").append(String.join(" | ", row)).append(" |\n");
			}
			markdown.append('\n');
		}
		return markdown.toString();
	}

	static String perSecond(double value) {
		if (value >= 1_000_000) {
			return String.format("%.2f M/s", value / 1_000_000);
		}
		if (value >= 10_000) {
			return String.format("%.0f k/s", value / 1_000);
		}
		return String.format("%.0f /s", value);
	}

	static String millis(double value) {
		return String.format("%.1f ms", value);
	}

}
