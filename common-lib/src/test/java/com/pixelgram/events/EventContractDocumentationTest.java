package com.pixelgram.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract's documentation ({@code docs/events.md}) describes every event type
 * and every field of its payload, and nothing else: a field added to a record without a
 * word for the other services' readers fails here.
 */
class EventContractDocumentationTest {

	private static final Path DOCUMENT = Path.of("../docs/events.md");

	private static final Pattern HEADING = Pattern.compile("^### (\\w+)\\s*$");

	private static final Pattern FIELD_ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\|");

	@Test
	void documentsEveryEventTypeAndNoOther() throws IOException {
		Set<String> types = Arrays.stream(DomainEvent.class.getPermittedSubclasses())
			.map(Class::getSimpleName)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		assertThat(documentedFields().keySet()).containsExactlyInAnyOrderElementsOf(types);
	}

	@Test
	void documentsEveryFieldOfEachPayloadAsItTravels() throws IOException {
		Map<String, List<String>> documented = documentedFields();
		for (Class<?> type : DomainEvent.class.getPermittedSubclasses()) {
			List<String> fields = Arrays.stream(type.getRecordComponents())
				.map((component) -> snakeCase(component.getName()))
				.toList();
			assertThat(documented.get(type.getSimpleName())).as("fields of %s in %s", type.getSimpleName(), DOCUMENT)
				.containsExactlyElementsOf(fields);
		}
	}

	/** A field's name on the wire, as the codec's snake-case naming writes it. */
	private static String snakeCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * Each {@code ### Type} section of the events part and the fields its table lists.
	 */
	private static Map<String, List<String>> documentedFields() throws IOException {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		boolean inEvents = false;
		List<String> current = null;
		for (String line : Files.readAllLines(DOCUMENT)) {
			if (line.startsWith("## ")) {
				inEvents = line.equals("## Events");
				current = null;
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (inEvents && heading.matches()) {
				current = fields.computeIfAbsent(heading.group(1), (type) -> new java.util.ArrayList<>());
				continue;
			}
			Matcher row = FIELD_ROW.matcher(line);
			if (current != null && row.find()) {
				current.add(row.group(1));
			}
		}
		return fields;
	}

}
