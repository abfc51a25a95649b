package com.pixelgram.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code .env} file beside docker-compose.yml and Compose's interpolation of
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}}
 * and {@code $$} with it.
 */
final class EnvFile {

	static final Pattern REFERENCE = Pattern
		.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

	private final Map<String, String> values;

	private EnvFile(Map<String, String> values) {
		this.values = values;
	}

	static EnvFile load() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Repository.read(".env").split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			if (equals < 1) {
				throw new IllegalStateException(".env: not KEY=VALUE: " + trimmed);
			}
			values.put(trimmed.substring(0, equals).strip(), unquote(trimmed.substring(equals + 1).strip()));
		}
		return new EnvFile(values);
	}

	Map<String, String> values() {
		return this.values;
	}

	/**
	 * Interpolates a value of the Compose file as {@code docker compose} would with this
	 * file and an empty shell environment.
	 * @param value the raw value
	 * @return the value Compose passes on
	 * @throws AssertionError for a variable that is neither defined here nor has a
	 * default
	 */
	String interpolate(String value) {
		Matcher matcher = REFERENCE.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(result, Matcher.quoteReplacement(resolve(matcher)));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private String resolve(Matcher reference) {
		if (reference.group().equals("$$")) {
			return "$";
		}
		String name = (reference.group(1) != null) ? reference.group(1) : reference.group(4);
		String operator = reference.group(2);
		String argument = reference.group(3);
		String value = this.values.get(name);
		boolean emptyCounts = operator != null && operator.startsWith(":");
		boolean missing = value == null || (emptyCounts && value.isEmpty());
		if (!missing) {
			return value;
		}
		if (operator != null && operator.endsWith("-")) {
			return argument;
		}
		throw new AssertionError("docker-compose.yml uses ${" + name + "}, which .env does not define"
				+ ((argument != null) ? " (" + argument + ")" : ""));
	}

	private static String unquote(String value) {
		if (value.length() >= 2
				&& (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

}
