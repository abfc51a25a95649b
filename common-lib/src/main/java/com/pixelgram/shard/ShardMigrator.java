package com.pixelgram.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Creates and migrates every schema at start: each logical shard's schema from the
 * service's {@code db/shard} migrations, the {@code global} schema from
 * {@code db/global}, and on every physical database the {@code outbox} schema from
 * common-lib's migrations.
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

	private final ShardMap shardMap;

	private final ShardDatabases databases;

	private final String shardLocation;

	private final String globalLocation;

	public ShardMigrator(ShardMap shardMap, ShardDatabases databases, ShardProperties properties) {
		this.shardMap = shardMap;
		this.databases = databases;
		this.shardLocation = properties.shardMigrations();
		this.globalLocation = properties.globalMigrations();
	}

	public void migrate() {
		long start = System.nanoTime();
		boolean shardMigrations = hasMigrations(this.shardLocation);
		boolean globalMigrations = hasMigrations(this.globalLocation);
		List<Runnable> work = new ArrayList<>();
		for (PhysicalDatabase database : this.databases.all()) {
			DataSource pool = new PatientDataSource(database.primary());
			work.add(() -> run(pool, "outbox", OUTBOX_LOCATION, COMMON_HISTORY));
			for (int shard : database.shards()) {
				String schema = ShardMap.schemaOf(shard);
				work.add(() -> {
					run(pool, schema, COMMON_SHARD_LOCATION, COMMON_HISTORY);
					if (shardMigrations) {
						run(pool, schema, this.shardLocation, "flyway_schema_history");
					}
				});
			}
			if (globalMigrations && database.name().equals(this.shardMap.globalDatabase())) {
				work.add(() -> run(pool, "global", this.globalLocation, "flyway_schema_history"));
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
