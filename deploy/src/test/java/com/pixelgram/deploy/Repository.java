package com.pixelgram.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The repository these tests check, and readers for its files. */
final class Repository {

	/** The service modules, each built into {@code <module>/target/<module>.jar}. */
	static final List<String> SERVICES = List.of("gateway-service", "user-service", "post-service", "feed-service",
			"notification-service");

	private static final Path ROOT = findRoot();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Repository() {
	}

	static Path root() {
		return ROOT;
	}

	static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		return read(path(relative));
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads YAML as Compose does: anchors, aliases and merge keys ({@code <<}) resolved.
	 * @param file the file
	 * @param <T> what the document is expected to be
	 * @return the document as maps, lists and scalars
	 */
	@SuppressWarnings("unchecked")
	static <T> T yaml(Path file) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(500);
		DumperOptions dumperOptions = new DumperOptions();
		Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options);
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return (T) yaml.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static <T> T yaml(String relative) {
		return yaml(path(relative));
	}

	static JsonNode json(Path file) {
		return parseJson(read(file));
	}

	static JsonNode parseJson(String text) {
		return JSON.readTree(text);
	}

	private static Path findRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("deploy"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("Run from inside the repository: no parent directory holds mvnw and deploy/");
	}

}
