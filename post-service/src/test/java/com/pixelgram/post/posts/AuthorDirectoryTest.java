package com.pixelgram.post.posts;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorDirectoryTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsAnArrayOfUsersNamedByUserId() {
		Map<Long, String> usernames = new HashMap<>();

		AuthorDirectory.read(this.json.readTree("[{\"user_id\":\"12\",\"username\":\"ana\"},{\"user_id\":\"13\"}]"),
				usernames);

		assertThat(usernames).containsExactly(Map.entry(12L, "ana"));
	}

	@Test
	void readsUserServicesProfilesObject() {
		Map<Long, String> usernames = new HashMap<>();

		AuthorDirectory.read(this.json.readTree(
				"{\"users\":[{\"id\":\"7\",\"username\":\"bo\",\"full_name\":\"Bo\"},{\"id\":\"x\",\"username\":\"?\"}]}"),
				usernames);

		assertThat(usernames).containsExactly(Map.entry(7L, "bo"));
	}

}
