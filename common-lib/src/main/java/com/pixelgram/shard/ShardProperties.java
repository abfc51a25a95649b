package com.pixelgram.shard;

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
 */
@ConfigurationProperties("pixelgram.shards")
public record ShardProperties(@DefaultValue("8") int count, String globalDatabase,
		@DefaultValue("true") boolean migrateOnStart, @DefaultValue("classpath:db/shard") String shardMigrations,
		@DefaultValue("classpath:db/global") String globalMigrations, List<Database> databases) {

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
	 */
	public record Database(String name, String url, String username, String password, @DefaultValue("10") int poolSize,
			String replicaUrl, List<String> shards) {

	}

}
