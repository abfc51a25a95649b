package com.pixelgram.id;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonIdTest {

	private final JsonMapper mapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	record Post(@JsonId long postId, long likesCount) {
	}

	@Test
	void writesIdsAsStringsAndCountsAsNumbers() {
		long id = (1L << 62) + 12345;

		String json = this.mapper.writeValueAsString(new Post(id, 7));

		assertThat(json).isEqualTo("{\"post_id\":\"" + id + "\",\"likes_count\":7}");
	}

	@Test
	void readsIdsFromStringsAndFromNumbers() {
		long id = (1L << 62) + 12345;

		assertThat(this.mapper.readValue("{\"post_id\":\"" + id + "\",\"likes_count\":1}", Post.class).postId())
			.isEqualTo(id);
		assertThat(this.mapper.readValue("{\"post_id\":" + id + ",\"likes_count\":1}", Post.class).postId())
			.isEqualTo(id);
	}

}
