package com.pixelgram.shard;

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

	public ShardDatabases(ShardMap shardMap, String applicationName, Consumer<HikariConfig> customizer) {
		Map<String, PhysicalDatabase> pools = new LinkedHashMap<>();
		shardMap.databases().forEach((name, database) -> {
			HikariDataSource primary = pool(applicationName + "-" + name, database.url(), database, customizer);
			HikariDataSource replica = StringUtils.hasText(database.replicaUrl())
					? pool(applicationName + "-" + name + "-replica", database.replicaUrl(), database, customizer)
					: null;
			pools.put(name, new PhysicalDatabase(name, primary, replica, shardMap.shardsOf(name)));
		});
		this.databases = Collections.unmodifiableMap(pools);
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
			Consumer<HikariConfig> customizer) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(poolName);
		config.setJdbcUrl(url);
		config.setUsername(database.username());
		config.setPassword(database.password());
		config.setMaximumPoolSize(database.poolSize());
		config.setMinimumIdle(Math.min(2, database.poolSize()));
		// Fail fast at start on a wrong URL, but let a database that is briefly down
		// recover.
		config.setInitializationFailTimeout(10_000);
		customizer.accept(config);
		return new HikariDataSource(config);
	}

}
