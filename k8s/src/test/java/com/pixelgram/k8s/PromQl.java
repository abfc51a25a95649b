package com.pixelgram.k8s;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the metric names out of PromQL expressions (alert rules, dashboard queries). */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	/** An identifier, and whether a parenthesis follows it (a function call). */
	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "sum", "min", "max", "avg", "count", "group",
			"stddev", "stdvar", "topk", "bottomk", "quantile", "count_values");

	private PromQl() {
	}

	/**
	 * The metric names an expression selects.
	 * @param expression PromQL; Grafana's $variables may appear in label values and
	 * ranges
	 * @return the names
	 */
	static Set<String> metricNames(String expression) {
		String bare = STRING.matcher(expression).replaceAll("\"\"");
		bare = bare.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^\\]]*]", " ");
		bare = LABEL_LIST.matcher(bare).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher identifiers = IDENTIFIER.matcher(bare);
		while (identifiers.find()) {
			boolean call = identifiers.group(2) != null;
			String identifier = identifiers.group(1);
			if (!call && !KEYWORDS.contains(identifier)) {
				names.add(identifier);
			}
		}
		return names;
	}

}
