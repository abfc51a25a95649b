package com.pixelgram.user.search;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Test
	void ranksTheExactUsernameFirstThenPrefixesThenSimilarNames() {
		String base = letters(8);
		// One letter off the end: a near miss for the trigram match, never the exact
		// name.
		char last = (base.charAt(7) == 'x') ? 'y' : 'x';
		TestUser similar = TestUsers.register(api(), base.substring(0, 7) + last, null);
		TestUser fullNamePrefix = TestUsers.register(api(), TestUsers.uniqueName("p"), capitalized(base) + " Smith");
		TestUser usernamePrefix = TestUsers.register(api(), base + "son", null);
		TestUser exact = TestUsers.register(api(), base, null);
		TestUser unrelated = TestUsers.register(api(), letters(8), "Someone Else");

		List<Long> found = search(exact, base);

		assertThat(found).hasSize(4).doesNotContain(unrelated.id());
		assertThat(found.get(0)).isEqualTo(exact.id());
		assertThat(found.subList(1, 3)).containsExactlyInAnyOrder(usernamePrefix.id(), fullNamePrefix.id());
		assertThat(found.get(3)).isEqualTo(similar.id());
	}

	@Test
	void ignoresCaseAndAccents() {
		String base = letters(7);
		TestUser jose = TestUsers.register(api(), TestUsers.uniqueName("j"), "José Ñúñez" + base);
		String other = letters(7);
		TestUser mixed = TestUsers.register(api(), "Mixed" + other, null);

		assertThat(search(jose, "jose nunez" + base)).containsExactly(jose.id());
		assertThat(search(jose, "JOSÉ ÑUÑEZ" + base.toUpperCase(Locale.ROOT))).containsExactly(jose.id());
		assertThat(search(jose, "nunez" + base)).containsExactly(jose.id());
		assertThat(search(jose, "mixed" + other)).first().isEqualTo(mixed.id());
		JsonNode item = api().get("/v1/users/search?q=" + Api.encode("nunez" + base), jose.accessToken())
			.assertStatus(200)
			.path("users")
			.path(0);
		assertThat(item.path("full_name").asString()).isEqualTo("José Ñúñez" + base);
		assertThat(item.path("username").asString()).isEqualTo(jose.username());
		assertThat(item.has("email")).isFalse();
	}

	@Test
	void treatsWildcardsQuotesAndSqlAsLiteralText() {
		String base = letters(7);
		TestUser irish = TestUsers.register(api(), TestUsers.uniqueName("o"), "Conan O'Brien" + base);

		assertThat(search(irish, "o'brien" + base)).containsExactly(irish.id());
		assertThat(names(irish, "%")).allSatisfy((name) -> assertThat(name).contains("%"));
		assertThat(names(irish, "_")).allSatisfy((name) -> assertThat(name).contains("_"));
		assertThat(names(irish, "\\")).allSatisfy((name) -> assertThat(name).contains("\\"));
		// As a wildcard, "%" and the name's last letters would find the name; taken
		// literally nothing has them, and three letters are too few to be trigram-similar
		// to it.
		assertThat(names(irish, "%" + base.substring(base.length() - 3))).isEmpty();
		api().get("/v1/users/search?q=" + Api.encode("'; DROP TABLE user_search; --"), irish.accessToken())
			.assertStatus(200);
		assertThat(search(irish, "o'brien" + base)).containsExactly(irish.id());
	}

	@Test
	void refusesEmptyOverLongAndControlCharacterQueries() {
		TestUser user = register();

		for (String query : List.of("", "q=", "q=%20%20", "q=a%00b", "q=a%0Ab", "q=a%1Bb", "q=" + "a".repeat(101),
				"q=ab&limit=0", "q=ab&limit=51", "q=ab&limit=abc")) {
			HttpReply reply = api().get("/v1/users/search?" + query, user.accessToken());
			reply.assertProblem(400, "validation");
		}
		api().get("/v1/users/search?q=" + "a".repeat(100), user.accessToken()).assertStatus(200);
		api().get("/v1/users/search?q=ab&limit=50", user.accessToken()).assertStatus(200);
		api().get("/v1/users/search?q=ab", null).assertProblem(401, "unauthorized");
	}

	@Test
	void returnsAtMostTheLimit() {
		String base = letters(8);
		TestUser first = TestUsers.register(api(), base + "a", null);
		TestUsers.register(api(), base + "b", null);
		TestUsers.register(api(), base + "c", null);

		assertThat(api().get("/v1/users/search?limit=2&q=" + base, first.accessToken()).assertStatus(200).path("users"))
			.hasSize(2);
		assertThat(search(first, base)).hasSize(3);
	}

	@Test
	void followsProfileChanges() {
		String before = letters(8);
		String after = letters(8);
		TestUser user = TestUsers.register(api(), TestUsers.uniqueName("c"), "Old " + before);

		api().put("/v1/users/" + user.id(), Api.json("full_name", "New " + after), user.accessToken())
			.assertStatus(200);

		assertThat(search(user, after)).containsExactly(user.id());
		assertThat(search(user, before)).isEmpty();
	}

	@Test
	void answersFromTheIndexesNeverAScan() {
		insertSearchRows(10_000);
		this.shards.writeGlobal(() -> this.shards.jdbc().sql("ANALYZE user_search").update());

		for (String query : List.of("idxqwerty", "a", "maria", "idx mar", "gar")) {
			String normalized = SearchText.normalize(query);
			String escaped = SearchText.escapeLike(normalized);
			String plan = String.join("\n",
					this.shards.readGlobal(() -> this.shards.jdbc()
						.sql("EXPLAIN " + SearchRepository.QUERY)
						.param("q", normalized)
						.param("prefix", escaped + "%")
						.param("wordPrefix", "% " + escaped + "%")
						.param("limit", 10)
						.param("hidden", new Long[] { -1L, -2L })
						.query(String.class)
						.list()));

			assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("Index Scan");
			assertThat(plan).as(plan)
				.containsAnyOf("user_search_username_trgm", "user_search_username_knn")
				.containsAnyOf("user_search_full_name_trgm", "user_search_full_name_knn")
				.containsAnyOf("user_search_username_norm", "user_search_pkey", "user_search_username_knn");
		}
	}

	/**
	 * Rows enough for the planner to prefer an index to reading the whole table (below
	 * about ten thousand a scan is honestly cheaper); IDs below zero, never a real
	 * user's.
	 */
	private void insertSearchRows(int count) {
		this.shards.writeGlobal(() -> this.shards.jdbc().sql("""
				INSERT INTO user_search (user_id, username, full_name, username_norm, full_name_norm)
				SELECT -g, u, f, u, lower(f)
				  FROM (SELECT g, 'idx' || substr(md5(random()::text), 1, 9) AS u,
				               (ARRAY['Maria', 'Jose', 'Ana', 'Li', 'Mohammed', 'Olga', 'Kenji', 'Fatima'])[1 + g % 8]
				               || ' ' || (ARRAY['Garcia', 'Smith', 'Muller', 'Nakamura', 'Okafor', 'Rossi'])[1 + g % 6]
				               || ' ' || substr(md5(random()::text), 1, 5) AS f
				          FROM generate_series(1, :count) AS g) AS generated
				ON CONFLICT DO NOTHING
				""").param("count", count).update());
	}

	private List<Long> search(TestUser caller, String query) {
		return api().get("/v1/users/search?q=" + Api.encode(query), caller.accessToken())
			.assertStatus(200)
			.path("users")
			.valueStream()
			.map((user) -> Long.parseLong(user.path("user_id").asString()))
			.toList();
	}

	/** Username and full name of every result. */
	private List<String> names(TestUser caller, String query) {
		return api().get("/v1/users/search?q=" + Api.encode(query), caller.accessToken())
			.assertStatus(200)
			.path("users")
			.valueStream()
			.map((user) -> user.path("username").asString() + " " + user.path("full_name").asString(""))
			.toList();
	}

	private static String letters(int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
		}
		return text.toString();
	}

	private static String capitalized(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
