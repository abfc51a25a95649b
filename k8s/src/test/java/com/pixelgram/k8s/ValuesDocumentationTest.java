package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * values.yaml documents every value with a Bitnami "## @param" line, and the README lists
 * them.
 */
class ValuesDocumentationTest {

	private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) \\S.*$", Pattern.MULTILINE);

	private static final Pattern README_ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

	@Test
	void everyValueHasAParamComment() throws IOException {
		Set<String> params = params();
		Set<String> undocumented = new TreeSet<>();
		for (String value : leaves("", values())) {
			if (!documented(value, params)) {
				undocumented.add(value);
			}
		}

		assertThat(undocumented).isEmpty();
	}

	@Test
	void everyParamCommentNamesAValue() throws IOException {
		Set<String> paths = new LinkedHashSet<>();
		collectPaths("", values(), paths);

		assertThat(params()).allSatisfy((param) -> assertThat(paths).contains(param));
	}

	@Test
	void theChartReadmeListsEveryParameterAndNoOther() throws IOException {
		String readme = Files.readString(Chart.DIRECTORY.resolve("README.md"));
		Set<String> listed = new TreeSet<>();
		Matcher rows = README_ROW.matcher(readme);
		while (rows.find()) {
			listed.add(rows.group(1));
		}

		assertThat(listed).isEqualTo(new TreeSet<>(params()));
	}

	private static boolean documented(String value, Set<String> params) {
		String path = value;
		while (true) {
			if (params.contains(path)) {
				return true;
			}
			int dot = path.lastIndexOf('.');
			if (dot < 0) {
				return false;
			}
			path = path.substring(0, dot);
		}
	}

	/** Scalars, lists and empty maps: what a user sets as a whole. */
	private static List<String> leaves(String prefix, Map<String, Object> map) {
		return map.entrySet().stream().flatMap((entry) -> {
			String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
				return leaves(path, Manifests.asMap(child)).stream();
			}
			return List.of(path).stream();
		}).toList();
	}

	private static void collectPaths(String prefix, Map<String, Object> map, Set<String> paths) {
		map.forEach((key, value) -> {
			String path = prefix.isEmpty() ? key : prefix + "." + key;
			paths.add(path);
			if (value instanceof Map<?, ?> child) {
				collectPaths(path, Manifests.asMap(child), paths);
			}
		});
	}

	private static Map<String, Object> values() throws IOException {
		return Manifests.asMap(Manifests.yaml().load(Files.readString(Chart.DIRECTORY.resolve("values.yaml"))));
	}

	private static Set<String> params() throws IOException {
		Set<String> params = new LinkedHashSet<>();
		Matcher matcher = PARAM.matcher(Files.readString(Chart.DIRECTORY.resolve("values.yaml")));
		while (matcher.find()) {
			assertThat(params.add(matcher.group(1))).as("@param %s appears twice", matcher.group(1)).isTrue();
		}
		return params;
	}

}
