package com.pixelgram.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration properties one service can bind, so that a setting Compose passes as
 * an environment variable can be checked against them: Spring ignores a variable that
 * binds to nothing, so a misspelt name would silently leave the default in place.
 *
 * <p>
 * Sources: the service's {@code application.yaml} and the shared defaults of common-lib
 * ({@code pixelgram-defaults*.yaml}); the {@code @ConfigurationProperties} records of the
 * service and of common-lib, read from their source; the configuration metadata of the
 * libraries on this module's test classpath (Spring Cloud AWS, Micrometer's Boot
 * modules). Names are compared in canonical form, as Spring's relaxed binding does: lower
 * case, without dashes, list indexes as {@code *}.
 */
final class PropertyCatalog {

	private static final Pattern CONFIGURATION_PROPERTIES = Pattern.compile(
			"@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"\\s*\\)[^;{]*?\\brecord\\s+(\\w+)\\s*\\(");

	private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");

	private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+");

	private static final Set<String> COLLECTIONS = Set.of("List", "Set", "Collection");

	private final Set<String> names = new HashSet<>();

	private final Set<String> mapPrefixes = new HashSet<>();

	private PropertyCatalog() {
	}

	static PropertyCatalog of(String service) {
		PropertyCatalog catalog = new PropertyCatalog();
		catalog.addYaml("", Repository.yaml(service + "/src/main/resources/application.yaml"));
		catalog.addYaml("", Repository.yaml("common-lib/src/main/resources/pixelgram-defaults.yaml"));
		if (Repository.read(service + "/pom.xml").contains("<artifactId>spring-boot-starter-webmvc</artifactId>")) {
			catalog.addYaml("", Repository.yaml("common-lib/src/main/resources/pixelgram-defaults-webmvc.yaml"));
		}
		catalog.addRecords(Repository.path(service + "/src/main/java"));
		catalog.addRecords(Repository.path("common-lib/src/main/java"));
		catalog.addMetadata();
		return catalog;
	}

	/**
	 * Whether an environment variable binds to a property of this service.
	 * @param variable e.g. {@code PIXELGRAM_SHARDS_DATABASES_1_URL}
	 * @return whether it names a known property
	 */
	boolean binds(String variable) {
		String name = fromEnvironmentVariable(variable);
		if (this.names.contains(name)) {
			return true;
		}
		return this.mapPrefixes.stream().anyMatch((prefix) -> name.startsWith(prefix + "."));
	}

	static String fromEnvironmentVariable(String variable) {
		List<String> segments = new ArrayList<>();
		for (String segment : variable.toLowerCase(Locale.ROOT).split("_")) {
			segments.add(segment.chars().allMatch(Character::isDigit) ? "*" : segment);
		}
		return String.join(".", segments);
	}

	static String canonical(String propertyName) {
		return propertyName.replaceAll("\\[[^]]*]", ".*").replace("-", "").toLowerCase(Locale.ROOT);
	}

	private void addYaml(String prefix, Object node) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> addYaml(join(prefix, canonical(String.valueOf(key))), value));
		}
		else if (node instanceof List<?> list) {
			this.names.add(prefix);
			list.forEach((element) -> addYaml(join(prefix, "*"), element));
		}
		else {
			this.names.add(prefix);
		}
	}

	private void addRecords(Path sources) {
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach(this::addRecordsOf);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void addRecordsOf(Path file) {
		String source = Repository.read(file);
		Matcher properties = CONFIGURATION_PROPERTIES.matcher(source);
		if (!properties.find()) {
			return;
		}
		Map<String, List<Component>> records = new HashMap<>();
		Matcher record = RECORD.matcher(source);
		while (record.find()) {
			records.put(record.group(1), components(source, record.end()));
		}
		properties.reset();
		while (properties.find()) {
			addComponents(canonical(properties.group(1)), records.get(properties.group(2)), records, 0);
		}
	}

	private void addComponents(String prefix, List<Component> components, Map<String, List<Component>> records,
			int depth) {
		if (components == null || depth > 8) {
			return;
		}
		for (Component component : components) {
			addType(join(prefix, component.name().toLowerCase(Locale.ROOT)), component.type(), records, depth);
		}
	}

	private void addType(String name, String type, Map<String, List<Component>> records, int depth) {
		this.names.add(name);
		String raw = type.replaceAll("<.*", "").strip();
		if (raw.equals("Map")) {
			this.mapPrefixes.add(name);
		}
		else if (COLLECTIONS.contains(raw)) {
			addType(join(name, "*"), type.substring(type.indexOf('<') + 1, type.lastIndexOf('>')), records, depth);
		}
		else if (type.endsWith("[]")) {
			addType(join(name, "*"), type.substring(0, type.length() - 2), records, depth);
		}
		else if (records.containsKey(raw)) {
			addComponents(name, records.get(raw), records, depth + 1);
		}
	}

	/** The components of a record header, from just after its opening parenthesis. */
	private static List<Component> components(String source, int start) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		StringBuilder current = new StringBuilder();
		for (int i = start; i < source.length(); i++) {
			char c = source.charAt(i);
			if (c == '"') {
				int end = source.indexOf('"', i + 1);
				while (source.charAt(end - 1) == '\\') {
					end = source.indexOf('"', end + 1);
				}
				current.append(source, i, end + 1);
				i = end;
				continue;
			}
			if (c == ')' && depth == 0) {
				break;
			}
			if (c == '(' || c == '<' || c == '{') {
				depth++;
			}
			else if (c == ')' || c == '>' || c == '}') {
				depth--;
			}
			if (c == ',' && depth == 0) {
				parts.add(current.toString());
				current.setLength(0);
			}
			else {
				current.append(c);
			}
		}
		parts.add(current.toString());
		List<Component> components = new ArrayList<>();
		for (String part : parts) {
			String declaration = withoutAnnotations(part).strip();
			int space = declaration.lastIndexOf(' ');
			if (space > 0) {
				components.add(new Component(declaration.substring(0, space).strip(),
						declaration.substring(space + 1).strip()));
			}
		}
		return components;
	}

	private static String withoutAnnotations(String declaration) {
		StringBuilder result = new StringBuilder();
		Matcher annotation = ANNOTATION.matcher(declaration);
		int position = 0;
		while (annotation.find(position)) {
			result.append(declaration, position, annotation.start());
			int end = annotation.end();
			int next = end;
			while (next < declaration.length() && Character.isWhitespace(declaration.charAt(next))) {
				next++;
			}
			if (next < declaration.length() && declaration.charAt(next) == '(') {
				end = closingParenthesis(declaration, next) + 1;
			}
			position = end;
		}
		result.append(declaration.substring(position));
		return result.toString().replaceAll("\\s+", " ");
	}

	private static int closingParenthesis(String text, int open) {
		int depth = 0;
		for (int i = open; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				i = text.indexOf('"', i + 1);
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
		}
		throw new IllegalStateException("Unbalanced annotation in: " + text);
	}

	private void addMetadata() {
		JsonMapper json = JsonMapper.builder().build();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			try {
				Enumeration<URL> urls = getClass().getClassLoader().getResources(resource);
				while (urls.hasMoreElements()) {
					try (InputStream in = urls.nextElement().openStream()) {
						JsonNode properties = json.readTree(in).path("properties");
						for (JsonNode property : properties) {
							String name = canonical(property.path("name").asString());
							this.names.add(name);
							if (property.path("type").asString("").startsWith("java.util.Map")) {
								this.mapPrefixes.add(name);
							}
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static String join(String prefix, String segment) {
		return prefix.isEmpty() ? segment : prefix + "." + segment;
	}

	/**
	 * One record component.
	 *
	 * @param type its declared type, generics included
	 * @param name its name
	 */
	private record Component(String type, String name) {

	}

}
