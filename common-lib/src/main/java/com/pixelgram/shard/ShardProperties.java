package com.pixelgram.shard;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shard map: how many logical shards there are and which physical database holds each
 * range of them.
 *
 * @param count number of logical shards (small in dev and tests, thousands in production)
 * @param globalDatabase name of the database that holds the {@code global} schema
 * @param migrateOnStart whether Flyway creates and migrates every schema at start
 * @param shardMigrations where the service's migrations of a logical shard's schema live
 * @param globalMigrations where the service's migrations of the {@code global} schema
 * live
 * @param databases the physical databases and the logical shards each one holds
 * @param connectionTimeout how long work waits for a connection of a database's pool, and
 * how long opening one may take (Hikari's {@code connectionTimeout}, pgjdbc's
 * {@code loginTimeout} and {@code connectTimeout}); a pooled connection is validated in
 * half of it
 * @param socketTimeout how long a statement (or the handshake of a database that accepts
 * connections and never answers) may wait for the database to send anything (pgjdbc's
 * {@code socketTimeout}, whole seconds; 0 for none): raise it for a migration or a batch
 * statement that runs longer
 * @param probeInterval how often each database is probed on a connection of its own,
 * apart from the pools; while a database is down its probe retries this often and its
 * shards' work is refused at once, and work that holds one of its connections fails
 * @param probeTimeout how long a probe may take before it counts as a failure
 * @param runtimeRole a role that migration grants the data rights of every schema it
 * creates or migrates (USAGE on the schema; SELECT, INSERT, UPDATE, DELETE on its tables;
 * USAGE, SELECT, UPDATE on its sequences) and nothing more: the role the pods connect as
 * when a migration job with its own credentials owns the schemas (empty: no grants); a
 * database's own {@code runtime-role} wins
 */
@ConfigurationProperties("pixelgram.shards")
public record ShardProperties(@DefaultValue("8") int count, String globalDatabase,
		@DefaultValue("true") boolean migrateOnStart, @DefaultValue("classpath:db/shard") String shardMigrations,
		@DefaultValue("classpath:db/global") String globalMigrations, List<Database> databases,
		@DefaultValue("1s") Duration connectionTimeout, @DefaultValue("30s") Duration socketTimeout,
		@DefaultValue("1s") Duration probeInterval, @DefaultValue("1s") Duration probeTimeout, String runtimeRole) {

	/**
	 * One physical database.
	 *
	 * @param name stable name used in logs, metrics and {@code global-database}
	 * @param url JDBC URL of the primary
	 * @param username user name
	 * @param password password
	 * @param poolSize maximum connections in the primary's pool
	 * @param replicaUrl JDBC URL of a read replica, or empty for none
	 * @param shards the logical shards held here, as ranges ({@code "0-3"}) or single
	 * numbers
	 * @param runtimeRole the role migration grants this database's data rights to, when
	 * not the shard map's {@code runtime-role}
	 */
	public record Database(String name, String url, String username, String password, @DefaultValue("10") int poolSize,
			String replicaUrl, List<String> shards, String runtimeRole) {

	}

}
