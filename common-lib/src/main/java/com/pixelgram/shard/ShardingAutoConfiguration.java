package com.pixelgram.shard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Sharded persistence: the pools of the shard map, a routing {@link DataSource} that is
 * the application's only DataSource, its transaction manager, schema migration at start,
 * and {@link Shards}.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration" })
@ConditionalOnClass({ JdbcClient.class, HikariConfig.class, Flyway.class })
@ConditionalOnProperty(prefix = "pixelgram.shards", name = "databases[0].url")
@EnableConfigurationProperties(ShardProperties.class)
public class ShardingAutoConfiguration {

	@Bean
	ShardMap shardMap(ShardProperties properties) {
		return new ShardMap(properties);
	}

	@Bean
	ShardDatabases shardDatabases(ShardMap shardMap, ShardProperties properties, Environment environment,
			ObjectProvider<PoolCustomizer> customizers) {
		String application = environment.getProperty("spring.application.name", "pixelgram");
		return new ShardDatabases(shardMap, properties, application,
				(config) -> customizers.orderedStream().forEach((customizer) -> customizer.accept(config)));
	}

	@Bean
	ShardMigrator shardMigrator(ShardMap shardMap, ShardDatabases databases, ShardProperties properties) {
		ShardMigrator migrator = new ShardMigrator(shardMap, databases, properties);
		if (properties.migrateOnStart()) {
			migrator.migrate();
		}
		return migrator;
	}

	@Bean
	DataSource dataSource(ShardMap shardMap, ShardDatabases databases, ShardMigrator migrator) {
		return new ShardRoutingDataSource(shardMap, databases.asMap());
	}

	@Bean
	PlatformTransactionManager transactionManager(DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	@Bean
	JdbcClient jdbcClient(DataSource dataSource) {
		return JdbcClient.create(dataSource);
	}

	@Bean
	Shards shards(ShardMap shardMap, ShardDatabases databases, JdbcClient jdbcClient,
			PlatformTransactionManager transactionManager) {
		return new Shards(shardMap, databases, jdbcClient, transactionManager);
	}

	/** Adjusts the configuration of every shard pool before it starts. */
	@FunctionalInterface
	public interface PoolCustomizer extends Consumer<HikariConfig> {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class PoolMetricsConfiguration {

		static final String DATABASE_UP = "pixelgram.shards.database.up";

		static final String REPLICA_UP = "pixelgram.shards.replica.up";

		@Bean
		PoolCustomizer poolMetrics(ObjectProvider<MeterRegistry> registry) {
			return (config) -> registry.ifAvailable((meterRegistry) -> config
				.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meterRegistry)));
		}

		/** 1 while a physical database serves, 0 while its shards' work is refused. */
		@Bean
		MeterBinder shardDatabaseMetrics(ShardDatabases databases) {
			return (registry) -> {
				for (PhysicalDatabase database : databases.all()) {
					DatabaseAvailability state = database.availability();
					Gauge.builder(DATABASE_UP, state, (availability) -> availability.isUp() ? 1.0 : 0.0)
						.description("1 while the physical database answers its probe, 0 while its shards are refused")
						.tag("database", database.name())
						.register(registry);
					if (database.replicaAvailability() != null) {
						Gauge
							.builder(REPLICA_UP, database.replicaAvailability(),
									(availability) -> availability.isUp() ? 1.0 : 0.0)
							.description("1 while the database's read replica answers its probe, 0 while its reads "
									+ "go to the primary")
							.tag("database", database.name())
							.register(registry);
					}
				}
			};
		}

	}

	/**
	 * Scheduled jobs of a service that brings ShedLock run once per interval across its
	 * replicas: the locks live in the global schema (table {@code global.shedlock},
	 * created by the service's global migrations), which every replica shares, and each
	 * job holds its lock for its interval ({@code lockAtLeastFor}), so that the other
	 * replicas' own schedules, on other phases, find it taken. Each attempt is counted in
	 * {@value MeteredLockProvider#METRIC} when there is a meter registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplateLockProvider.class, EnableSchedulerLock.class })
	@EnableScheduling
	@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
	static class SchedulerLockConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LockProvider lockProvider(ShardDatabases databases, ShardMap shardMap, ObjectProvider<MeterRegistry> meters) {
			// The global database's own pool, outside the shard routing: ShedLock runs
			// its statements without a shard transaction. The database's clock decides
			// when a lock ends, whatever the replicas' clocks say.
			LockProvider locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
				.withJdbcTemplate(new JdbcTemplate(databases.get(shardMap.globalDatabase()).primary()))
				.withTableName("global.shedlock")
				.usingDbTime()
				.build());
			MeterRegistry registry = meters.getIfAvailable();
			return (registry != null) ? new MeteredLockProvider(locks, registry) : locks;
		}

	}

	/**
	 * Health from the state the probes keep ({@link DatabaseAvailability}), never a
	 * connection attempt in the health request itself.
	 * <p>
	 * {@code db} (which the services' readiness groups include) is UP while at least one
	 * physical database serves, DOWN only when none does: taking every replica out of its
	 * Service helps no user while some shards are served, and every replica shares the
	 * same databases anyway. Its details name each database UP or DOWN. The composite
	 * {@code shards} has an entry per database (DOWN while its primary is down), with the
	 * shards it holds, its pool and its read replica's state: a replica down sends the
	 * reads to the primary and takes nothing out of service.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class ShardHealthConfiguration {

		/**
		 * Replaces Boot's indicator, which would ask the routing DataSource without a
		 * shard.
		 */
		@Bean("dbHealthIndicator")
		HealthIndicator shardDatabasesHealthIndicator(ShardDatabases databases) {
			return () -> {
				Map<String, String> states = new LinkedHashMap<>();
				boolean anyUp = false;
				for (PhysicalDatabase database : databases.all()) {
					boolean up = database.available();
					anyUp |= up;
					states.put(database.name(), (up ? Status.UP : Status.DOWN).getCode());
				}
				return (anyUp ? Health.up() : Health.down()).withDetail("databases", states).build();
			};
		}

		@Bean("shardsHealthContributor")
		CompositeHealthContributor shardsHealthContributor(ShardDatabases databases) {
			Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
			for (PhysicalDatabase database : databases.all()) {
				indicators.put(database.name(), () -> databaseHealth(database));
			}
			return CompositeHealthContributor.fromMap(indicators);
		}

		private static Health databaseHealth(PhysicalDatabase database) {
			DatabaseAvailability availability = database.availability();
			Health.Builder health = availability.isUp() ? Health.up() : Health.down();
			health.withDetail("shards", ranges(database.shards())).withDetail("since", availability.since().toString());
			if (!availability.isUp() && availability.lastError() != null) {
				health.withDetail("error", availability.lastError());
			}
			DatabaseAvailability replica = database.replicaAvailability();
			if (replica != null) {
				Map<String, String> replicaState = new LinkedHashMap<>();
				replicaState.put("status", (replica.isUp() ? Status.UP : Status.DOWN).getCode());
				replicaState.put("since", replica.since().toString());
				if (!replica.isUp() && replica.lastError() != null) {
					replicaState.put("error", replica.lastError());
				}
				health.withDetail("replica", replicaState);
			}
			HikariPoolMXBean pool = database.primary().getHikariPoolMXBean();
			if (pool != null) {
				Map<String, Integer> connections = new LinkedHashMap<>();
				connections.put("active", pool.getActiveConnections());
				connections.put("idle", pool.getIdleConnections());
				connections.put("pending", pool.getThreadsAwaitingConnection());
				connections.put("max", database.primary().getMaximumPoolSize());
				health.withDetail("pool", connections);
			}
			return health.build();
		}

		/** {@code [0, 1, 2, 3, 7]} as {@code "0-3,7"}: a database may hold thousands. */
		static String ranges(List<Integer> shards) {
			StringBuilder ranges = new StringBuilder();
			int i = 0;
			while (i < shards.size()) {
				int from = shards.get(i);
				int to = from;
				while (i + 1 < shards.size() && shards.get(i + 1) == to + 1) {
					to = shards.get(++i);
				}
				if (!ranges.isEmpty()) {
					ranges.append(',');
				}
				ranges.append(from);
				if (to > from) {
					ranges.append('-').append(to);
				}
				i++;
			}
			return ranges.toString();
		}

	}

}
