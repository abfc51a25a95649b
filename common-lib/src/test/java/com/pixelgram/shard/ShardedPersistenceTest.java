package com.pixelgram.shard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = ShardedPersistenceTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "pixelgram.shards.shard-migrations=classpath:db/test-shard",
				"pixelgram.shards.global-migrations=classpath:db/test-global",
				"spring.autoconfigure.exclude=io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration" })
class ShardedPersistenceTest {

	static List<TestDatabase> databases;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		databases = TestInfrastructure.shardMap(registry, "shards", 8, 2);
		// The "replica" of db1 is the same database under another application name, so a
		// test can see which pool served a query.
		registry.add("pixelgram.shards.databases[1].replica-url", () -> databases.get(1).url()
				+ (databases.get(1).url().contains("?") ? "&" : "?") + "ApplicationName=replica");
	}

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Test
	void rowsLandInTheSchemaOfTheirShardOnTheDatabaseThatHoldsIt() throws SQLException {
		List<Long> written = new ArrayList<>();
		for (int shard = 0; shard < 8; shard++) {
			long id = this.ids.nextId(shard);
			written.add(id);
			this.shards.write(this.shards.shardOf(id), () -> insertWidget(id, "widget-" + id));
		}

		for (int shard = 0; shard < 8; shard++) {
			TestDatabase holder = databases.get(shard < 4 ? 0 : 1);
			TestDatabase other = databases.get(shard < 4 ? 1 : 0);
			assertThat(widgetIds(holder, ShardMap.schemaOf(shard))).containsExactly(written.get(shard));
			assertThat(schemas(other)).doesNotContain(ShardMap.schemaOf(shard));
		}
	}

	@Test
	void everyDatabaseGetsItsShardSchemasItsOutboxAndOnlyTheFirstTheGlobalSchema() throws SQLException {
		assertThat(schemas(databases.get(0))).contains("shard_0000", "shard_0003", "outbox", "global")
			.doesNotContain("shard_0004");
		assertThat(schemas(databases.get(1))).contains("shard_0004", "shard_0007", "outbox")
			.doesNotContain("global", "shard_0003");
	}

	@Test
	void globalWorkRunsInTheGlobalSchema() throws SQLException {
		long id = this.ids.nextId(5);
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("INSERT INTO directory (name, id) VALUES ('alice', :id)")
			.param("id", id)
			.update());

		Long found = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT id FROM directory WHERE name = 'alice'")
			.query(Long.class)
			.single());

		assertThat(found).isEqualTo(id);
		assertThat(count(databases.get(0), "SELECT count(*) FROM global.directory")).isEqualTo(1);
	}

	@Test
	void readOnlyWorkGoesToTheReplicaWhenTheDatabaseHasOne() {
		String reader = this.shards.read(5, this::applicationName);
		String writer = this.shards.write(5, this::applicationName);
		String noReplica = this.shards.read(1, this::applicationName);

		assertThat(reader).isEqualTo("replica");
		assertThat(writer).isNotEqualTo("replica");
		assertThat(noReplica).isNotEqualTo("replica");
	}

	@Test
	void aFailedUnitOfWorkLeavesNothingBehind() throws SQLException {
		long id = this.ids.nextId(2);

		assertThatThrownBy(() -> this.shards.write(2, () -> {
			insertWidget(id, "doomed");
			throw new IllegalStateException("boom");
		})).hasMessage("boom");

		assertThat(widgetIds(databases.get(0), "shard_0002")).doesNotContain(id);
	}

	@Test
	void workForAnotherShardInsideATransactionCommitsOnItsOwn() throws SQLException {
		long outer = this.ids.nextId(1);
		long inner = this.ids.nextId(6);

		assertThatThrownBy(() -> this.shards.write(1, () -> {
			insertWidget(outer, "outer");
			this.shards.write(6, () -> insertWidget(inner, "inner"));
			throw new IllegalStateException("outer fails");
		})).hasMessage("outer fails");

		assertThat(widgetIds(databases.get(0), "shard_0001")).doesNotContain(outer);
		assertThat(widgetIds(databases.get(1), "shard_0006")).contains(inner);
	}

	@Test
	void dataAccessOutsideAShardIsRefused() {
		JdbcClient jdbc = this.shards.jdbc();

		assertThatThrownBy(() -> jdbc.sql("SELECT 1").query(Integer.class).single()).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no logical shard selected");
	}

	@Test
	void anIdOfAShardWeDoNotHaveIsUnknown() {
		long foreign = new IdGenerator().nextId(9);

		assertThatThrownBy(() -> this.shards.shardOf(foreign)).isInstanceOf(UnknownShardException.class);
		assertThatThrownBy(() -> this.shards.read(8, () -> "never")).isInstanceOf(UnknownShardException.class);
	}

	private String applicationName() {
		return this.shards.jdbc().sql("SELECT current_setting('application_name')").query(String.class).single();
	}

	@Test
	void drainingWorksThroughEveryShardPageByPageAndStopsAtRowsThatStay() {
		for (int shard = 0; shard < 8; shard++) {
			int current = shard;
			this.shards.write(current, () -> {
				for (int i = 0; i < 3; i++) {
					insertWidget(this.ids.nextId(current), "drain-" + current + "-" + i);
				}
				if (current == 5) {
					// Last in its shard's order: the work leaves it where it is.
					insertWidget(this.ids.nextId(current), "drain-stuck");
				}
			});
		}
		List<Integer> visited = new ArrayList<>();

		int deleted = this.shards.drainEveryShard(() -> this.shards.jdbc()
			.sql("SELECT id FROM widget WHERE name LIKE 'drain-%' ORDER BY id LIMIT 2")
			.query(Long.class)
			.list(), (shard, id) -> {
				visited.add(shard);
				return this.shards.write(shard,
						() -> this.shards.jdbc()
							.sql("DELETE FROM widget WHERE id = :id AND name <> 'drain-stuck'")
							.param("id", id)
							.update()) == 1;
			});

		assertThat(deleted).isEqualTo(24);
		// The row that stays is offered with the last row deleted beside it, then alone,
		// and when that page comes back unchanged its shard's turn ends.
		assertThat(visited).hasSize(26).isSorted().filteredOn((shard) -> shard == 5).hasSize(5);
		for (int shard = 0; shard < 8; shard++) {
			List<String> left = this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT name FROM widget WHERE name LIKE 'drain-%'")
						.query(String.class)
						.list());
			assertThat(left).as("shard %d", shard).isEqualTo((shard == 5) ? List.of("drain-stuck") : List.of());
		}
	}

	@Test
	void aDatabaseNamesItsShardsThatHoldMatchingRows() {
		for (int shard : new int[] { 1, 6, 6 }) {
			this.shards.write(shard, () -> insertWidget(this.ids.nextId(shard), "held"));
		}
		this.shards.write(2, () -> insertWidget(this.ids.nextId(2), "not held"));

		assertThat(this.shards.shardsHolding(this.shards.databaseOf(0), "widget", "name = 'held'")).containsExactly(1);
		assertThat(this.shards.shardsHolding(this.shards.databaseOf(4), "widget", "name = 'held'")).containsExactly(6);
	}

	private void insertWidget(long id, String name) {
		this.shards.jdbc()
			.sql("INSERT INTO widget (id, name) VALUES (:id, :name)")
			.param("id", id)
			.param("name", name)
			.update();
	}

	private static List<Long> widgetIds(TestDatabase database, String schema) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM " + schema + ".widget")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

	private static List<String> schemas(TestDatabase database) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT schema_name FROM information_schema.schemata")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	private static long count(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password()); ResultSet rows = connection.createStatement().executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
