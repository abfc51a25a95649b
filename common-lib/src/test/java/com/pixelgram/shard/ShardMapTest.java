package com.pixelgram.shard;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardMapTest {

	@Test
	void assignsRangesOfLogicalShardsToDatabases() {
		ShardMap map = new ShardMap(properties(8, null, database("a", "0-3"), database("b", "4-6", "7")));

		assertThat(map.databaseOf(0)).isEqualTo("a");
		assertThat(map.databaseOf(3)).isEqualTo("a");
		assertThat(map.databaseOf(4)).isEqualTo("b");
		assertThat(map.databaseOf(7)).isEqualTo("b");
		assertThat(map.shardsOf("b")).containsExactly(4, 5, 6, 7);
		assertThat(map.globalDatabase()).isEqualTo("a");
		assertThat(map.databaseOf(ShardContext.GLOBAL)).isEqualTo("a");
	}

	@Test
	void namesSchemasWithFourDigits() {
		assertThat(ShardMap.schemaOf(7)).isEqualTo("shard_0007");
		assertThat(ShardMap.schemaOf(1234)).isEqualTo("shard_1234");
		assertThat(ShardMap.schemaOf(ShardContext.GLOBAL)).isEqualTo("global");
	}

	@Test
	void refusesAShardHeldByTwoDatabases() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShardMap(properties(4, null, database("a", "0-2"), database("b", "2-3"))))
			.withMessageContaining("logical shard 2");
	}

	@Test
	void refusesAShardHeldByNoDatabase() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShardMap(properties(4, null, database("a", "0-1"), database("b", "3"))))
			.withMessageContaining("logical shard 2 is assigned to no database");
	}

	@Test
	void refusesRangesOutsideTheShardCount() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ShardMap(properties(4, null, database("a", "0-4"))));
	}

	@Test
	void refusesAnUnknownGlobalDatabase() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ShardMap(properties(2, "c", database("a", "0-1"))));
	}

	@Test
	void anUnknownShardIsNotFound() {
		ShardMap map = new ShardMap(properties(2, null, database("a", "0-1")));

		assertThatThrownBy(() -> map.databaseOf(2)).isInstanceOf(UnknownShardException.class);
	}

	private static ShardProperties properties(int count, String global, ShardProperties.Database... databases) {
		return new ShardProperties(count, global, true, "classpath:db/shard", "classpath:db/global", List.of(databases),
				Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(1), null);
	}

	private static ShardProperties.Database database(String name, String... shards) {
		return new ShardProperties.Database(name, "jdbc:postgresql://localhost/" + name, "u", "p", 2, null,
				List.of(shards), null);
	}

}
