package com.pixelgram.shard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The migrate-only mode a Helm hook Job runs: every schema of the shard map migrated on
 * real Postgres, data rights granted to the runtime role and no more, and nothing of the
 * service started.
 */
class ShardMigrationTest {

	@Test
	void isAskedForByAnArgumentOrAnEnvironmentVariable() {
		assertThat(ShardMigration.requested(new String[] { "--pixelgram.shards.migrate-only=true" }, Map.of()))
			.isTrue();
		assertThat(ShardMigration.requested(new String[0], Map.of("PIXELGRAM_SHARDS_MIGRATEONLY", "true"))).isTrue();
		assertThat(ShardMigration.requested(new String[0], Map.of("PIXELGRAM_SHARDS_MIGRATE_ONLY", "true"))).isTrue();
		assertThat(ShardMigration.requested(new String[] { "--pixelgram.shards.migrate-only=false" },
				Map.of("PIXELGRAM_SHARDS_MIGRATEONLY", "true")))
			.as("the command line wins, as in the service")
			.isFalse();
		assertThat(ShardMigration.requested(new String[] { "--server.port=0" }, Map.of())).isFalse();
	}

	@Test
	void migratesEverySchemaGrantsTheRuntimeRoleItsDataAndReturns() throws SQLException {
		TestDatabase first = TestPostgres.createDatabase("migration_0");
		TestDatabase second = TestPostgres.createDatabase("migration_1");
		String role = "pixelgram_dml_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
		String secondRole = role + "_b";
		execute(first, "CREATE ROLE " + role + " NOLOGIN");
		execute(first, "CREATE ROLE " + secondRole + " NOLOGIN");
		try {
			List<String> args = new ArrayList<>(
					List.of("--pixelgram.shards.migrate-only=true", "--spring.application.name=widget-service",
							"--pixelgram.shards.count=4", "--pixelgram.shards.shard-migrations=classpath:db/test-shard",
							"--pixelgram.shards.global-migrations=classpath:db/test-global",
							"--pixelgram.shards.runtime-role=" + role));
			args.addAll(database(0, first, "0-1"));
			args.addAll(database(1, second, "2-3"));
			args.add("--pixelgram.shards.databases[1].runtime-role=" + secondRole);

			ShardMigration.run(args.toArray(String[]::new));

			assertThat(schemas(first)).contains("shard_0000", "shard_0001", "outbox", "global")
				.doesNotContain("shard_0002");
			assertThat(schemas(second)).contains("shard_0002", "shard_0003", "outbox").doesNotContain("global");
			assertThat(
					query(second,
							"SELECT has_table_privilege('" + secondRole + "', 'shard_0003.widget', "
									+ "'SELECT, INSERT, UPDATE, DELETE')"))
				.as("a database's own runtime role")
				.isEqualTo("t");
			assertThat(query(second, "SELECT has_schema_privilege('" + role + "', 'shard_0003', 'USAGE')"))
				.isEqualTo("f");
			assertThat(query(first, "SELECT has_table_privilege('" + role + "', 'shard_0001.widget', "
					+ "'SELECT, INSERT, UPDATE, DELETE')"))
				.isEqualTo("t");
			assertThat(query(first, "SELECT has_table_privilege('" + role + "', 'outbox.message', 'DELETE')"))
				.isEqualTo("t");
			assertThat(query(first, "SELECT has_schema_privilege('" + role + "', 'global', 'USAGE')")).isEqualTo("t");
			assertThat(query(first, "SELECT has_schema_privilege('" + role + "', 'shard_0000', 'CREATE')"))
				.as("no DDL for the runtime role")
				.isEqualTo("f");
			assertThat(query(first, "SELECT has_table_privilege('" + role + "', 'shard_0000.widget', 'TRUNCATE')"))
				.isEqualTo("f");
			assertThat(query(first,
					"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
							+ "AND application_name LIKE 'widget-service-migration%'"))
				.as("the migration's pools are closed when it returns")
				.isEqualTo("0");
		}
		finally {
			for (TestDatabase database : List.of(first, second)) {
				execute(database, "DROP OWNED BY " + role + ", " + secondRole);
			}
			execute(first, "DROP ROLE " + role);
			execute(first, "DROP ROLE " + secondRole);
		}
	}

	@Test
	void failsOnARuntimeRoleThatIsNoPlainName() {
		TestDatabase database = TestPostgres.createDatabase("migration_role");
		List<String> args = new ArrayList<>(
				List.of("--pixelgram.shards.count=1", "--pixelgram.shards.shard-migrations=classpath:db/test-shard",
						"--pixelgram.shards.runtime-role=app\"; DROP SCHEMA outbox; --"));
		args.addAll(database(0, database, "0"));

		assertThatException().isThrownBy(() -> ShardMigration.run(args.toArray(String[]::new)))
			.withStackTraceContaining("pixelgram.shards.runtime-role must be a plain role name");
	}

	private static List<String> database(int index, TestDatabase database, String shards) {
		String prefix = "--pixelgram.shards.databases[" + index + "].";
		return List.of(prefix + "name=db" + index, prefix + "url=" + database.url(),
				prefix + "username=" + database.username(), prefix + "password=" + database.password(),
				prefix + "shards[0]=" + shards);
	}

	private static List<String> schemas(TestDatabase database) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = connect(database);
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT schema_name FROM information_schema.schemata")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	private static String query(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = connect(database);
				ResultSet rows = connection.createStatement().executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static void execute(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection connect(TestDatabase database) throws SQLException {
		return DriverManager.getConnection(database.url(), database.username(), database.password());
	}

}
