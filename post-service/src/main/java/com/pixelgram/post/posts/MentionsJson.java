package com.pixelgram.post.posts;

import java.util.List;

import com.pixelgram.events.Mention;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mentions as the {@code mentions} jsonb columns keep them: the API's shape
 * ({@code user_id} as a string, {@code username}, {@code start}, {@code end}).
 */
public final class MentionsJson {

	private static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private static final TypeReference<List<Mention>> LIST = new TypeReference<>() {
	};

	private MentionsJson() {
	}

	/** The column's value of the mentions ({@code []} for none). */
	public static String write(List<Mention> mentions) {
		return JSON.writeValueAsString((mentions != null) ? mentions : List.of());
	}

	/** The mentions of a column's value; none for {@code null}. */
	public static List<Mention> read(String json) {
		if (json == null || json.isBlank()) {
			return List.of();
		}
		return List.copyOf(JSON.readValue(json, LIST));
	}

}
