package com.pixelgram.shard;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.StringUtils;

/** The connection pools of every physical database in the shard map. */
public final class ShardDatabases implements DisposableBean {

	private final Map<String, PhysicalDatabase> databases;

	public ShardDatabases(ShardMap shardMap, ShardProperties properties, String applicationName,
			Consumer<HikariConfig> customizer) {
		Map<String, PhysicalDatabase> pools = new LinkedHashMap<>();
		shardMap.databases().forEach((name, database) -> {
			HikariDataSource primary = pool(applicationName + "-" + name, database.url(), database, properties,
					customizer);
			HikariDataSource replica = StringUtils.hasText(database.replicaUrl())
					? pool(applicationName + "-" + name + "-replica", database.replicaUrl(), database, properties,
							customizer)
					: null;
			DatabaseAvailability availability = new DatabaseAvailability(name, primary, properties.probeInterval(),
					properties.probeTimeout());
			DatabaseAvailability replicaAvailability = (replica != null) ? new DatabaseAvailability(name + "-replica",
					replica, properties.probeInterval(), properties.probeTimeout()) : null;
			pools.put(name, new PhysicalDatabase(name, primary, replica, shardMap.shardsOf(name), availability,
					replicaAvailability));
		});
		this.databases = Collections.unmodifiableMap(pools);
		this.databases.values().forEach((database) -> {
			database.availability().start();
			if (database.replicaAvailability() != null) {
				database.replicaAvailability().start();
			}
		});
	}

	public Collection<PhysicalDatabase> all() {
		return this.databases.values();
	}

	public PhysicalDatabase get(String name) {
		return this.databases.get(name);
	}

	Map<String, PhysicalDatabase> asMap() {
		return this.databases;
	}

	@Override
	public void destroy() {
		this.databases.values().forEach(PhysicalDatabase::close);
	}

	private static HikariDataSource pool(String poolName, String url, ShardProperties.Database database,
			ShardProperties properties, Consumer<HikariConfig> customizer) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(poolName);
		config.setJdbcUrl(url);
		config.setUsername(database.username());
		config.setPassword(database.password());
		config.setMaximumPoolSize(database.poolSize());
		config.setMinimumIdle(Math.min(2, database.poolSize()));
		// A service that migrates at start needs every database then: it fails start on a
		// wrong URL or a database that stays down for 10 s. One whose migrations ran
		// before
		// (a deployment's migration job) starts whatever is down: a database's shards
		// answer 503 until its availability probe finds it up, and the others are served.
		config.setInitializationFailTimeout(properties.migrateOnStart() ? 10_000 : -1);
		// A database that is down or does not answer costs its shards' work a bounded
		// wait, never Hikari's 30 s, and never a thread held forever.
		long connectionTimeout = properties.connectionTimeout().toMillis();
		config.setConnectionTimeout(connectionTimeout);
		config.setValidationTimeout(Math.max(250, connectionTimeout / 2));
		config.addDataSourceProperty("connectTimeout", Long.toString(wholeSeconds(properties.connectionTimeout())));
		config.addDataSourceProperty("loginTimeout", fractionalSeconds(properties.connectionTimeout()));
		config.addDataSourceProperty("socketTimeout", Long.toString(wholeSeconds(properties.socketTimeout())));
		customizer.accept(config);
		return new HikariDataSource(config);
	}

	/** A duration in whole seconds, rounded up (pgjdbc's timeouts), 0 for none. */
	static long wholeSeconds(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return 0;
		}
		return (duration.toMillis() + 999) / 1000;
	}

	/**
	 * A duration in seconds with a fraction ({@code "0.5"}), as pgjdbc's loginTimeout.
	 */
	static String fractionalSeconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
	}

}
