package com.pixelgram.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.StringUtils;

/**
 * Creates and migrates every schema at start: each logical shard's schema from the
 * service's {@code db/shard} migrations, the {@code global} schema from
 * {@code db/global}, and on every physical database the {@code outbox} schema from
 * common-lib's migrations; then, when {@code pixelgram.shards.runtime-role} names one,
 * grants that role the data rights of each schema.
 */
public final class ShardMigrator {

	static final String COMMON_SHARD_LOCATION = "classpath:db/pixelgram/shard";

	static final String OUTBOX_LOCATION = "classpath:db/pixelgram/outbox";

	/** History table of common-lib's migrations, apart from the service's own. */
	static final String COMMON_HISTORY = "pixelgram_schema_history";

	/**
	 * How long a migration waits for a connection: several run at once on each pool and
	 * Flyway holds more than one connection each, so the pools' own timeout (short, for
	 * requests) would fail a start that only has to wait its turn.
	 */
	static final Duration MIGRATION_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(ShardMigrator.class);

	/** A role name this class quotes itself: no quote, no control character. */
	private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.-]{0,62}");

	private final ShardMap shardMap;

	private final ShardDatabases databases;

	private final String shardLocation;

	private final String globalLocation;

	/** The role granted each database's data, by database name; absent: none. */
	private final Map<String, String> runtimeRoles = new HashMap<>();

	public ShardMigrator(ShardMap shardMap, ShardDatabases databases, ShardProperties properties) {
		this.shardMap = shardMap;
		this.databases = databases;
		this.shardLocation = properties.shardMigrations();
		this.globalLocation = properties.globalMigrations();
		for (ShardProperties.Database database : (properties.databases() != null) ? properties.databases()
				: List.<ShardProperties.Database>of()) {
			String role = StringUtils.hasText(database.runtimeRole()) ? database.runtimeRole()
					: properties.runtimeRole();
			if (StringUtils.hasText(role)) {
				if (!ROLE.matcher(role.strip()).matches()) {
					throw new IllegalArgumentException(
							"pixelgram.shards.runtime-role must be a plain role name, not " + role);
				}
				this.runtimeRoles.put(database.name(), role.strip());
			}
		}
	}

	public void migrate() {
		long start = System.nanoTime();
		boolean shardMigrations = hasMigrations(this.shardLocation);
		boolean globalMigrations = hasMigrations(this.globalLocation);
		List<Runnable> work = new ArrayList<>();
		for (PhysicalDatabase database : this.databases.all()) {
			DataSource pool = new PatientDataSource(database.primary());
			String role = this.runtimeRoles.get(database.name());
			work.add(() -> {
				run(pool, "outbox", OUTBOX_LOCATION, COMMON_HISTORY);
				grant(pool, "outbox", role);
			});
			for (int shard : database.shards()) {
				String schema = ShardMap.schemaOf(shard);
				work.add(() -> {
					run(pool, schema, COMMON_SHARD_LOCATION, COMMON_HISTORY);
					if (shardMigrations) {
						run(pool, schema, this.shardLocation, "flyway_schema_history");
					}
					grant(pool, schema, role);
				});
			}
			if (globalMigrations && database.name().equals(this.shardMap.globalDatabase())) {
				work.add(() -> {
					run(pool, "global", this.globalLocation, "flyway_schema_history");
					grant(pool, "global", role);
				});
			}
		}
		runAll(work);
		log.info("Migrated {} logical shards on {} databases in {} ms", this.shardMap.count(),
				this.databases.all().size(), (System.nanoTime() - start) / 1_000_000);
	}

	private static void run(DataSource dataSource, String schema, String location, String table) {
		Flyway.configure()
			.dataSource(dataSource)
			.schemas(schema)
			.createSchemas(true)
			.locations(location)
			.table(table)
			// Two histories share a schema (common-lib's and the service's): whichever
			// runs second finds the schema non-empty, and a baseline at 0 still applies
			// its V1.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.failOnMissingLocations(false)
			.load()
			.migrate();
	}

	/**
	 * Lets the runtime role use a schema's data, not change its structure. Tables a later
	 * migration adds are granted by the run that adds them.
	 */
	private static void grant(DataSource dataSource, String schema, String runtimeRole) {
		if (runtimeRole == null) {
			return;
		}
		String role = '"' + runtimeRole + '"';
		String quotedSchema = '"' + schema + '"';
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("GRANT USAGE ON SCHEMA " + quotedSchema + " TO " + role);
		jdbc.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + quotedSchema + " TO " + role);
		jdbc.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + quotedSchema + " TO " + role);
	}

	private static void runAll(List<Runnable> work) {
		// A few schemas at a time: start-up with many shards is bound by round trips, not
		// CPU.
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(4, work.size()));
		try {
			List<Future<?>> futures = new ArrayList<>();
			work.forEach((task) -> futures.add(executor.submit(task)));
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while migrating shards", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("shard migration failed", ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static boolean hasMigrations(String location) {
		try {
			String pattern = location.replace("classpath:", "classpath*:") + "/*.sql";
			return new PathMatchingResourcePatternResolver().getResources(pattern).length > 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A pool whose saturation a migration waits out: a connection that is not available
	 * within the pool's own (short) timeout is asked for again, up to
	 * {@link #MIGRATION_CONNECTION_TIMEOUT}; a database that cannot be reached still
	 * fails at once.
	 */
	static final class PatientDataSource extends DelegatingDataSource {

		PatientDataSource(DataSource pool) {
			super(pool);
		}

		@Override
		public Connection getConnection() throws SQLException {
			long deadline = System.nanoTime() + MIGRATION_CONNECTION_TIMEOUT.toNanos();
			while (true) {
				try {
					return obtainTargetDataSource().getConnection();
				}
				catch (SQLTransientConnectionException ex) {
					if (ex.getCause() != null || System.nanoTime() > deadline) {
						throw ex;
					}
				}
			}
		}

	}

}
