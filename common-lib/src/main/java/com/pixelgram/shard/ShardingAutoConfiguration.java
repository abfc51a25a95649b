package com.pixelgram.shard;

import java.sql.Connection;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
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
	ShardDatabases shardDatabases(ShardMap shardMap, Environment environment,
			ObjectProvider<PoolCustomizer> customizers) {
		String application = environment.getProperty("spring.application.name", "pixelgram");
		return new ShardDatabases(shardMap, application,
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

		@Bean
		PoolCustomizer poolMetrics(ObjectProvider<MeterRegistry> registry) {
			return (config) -> registry.ifAvailable((meterRegistry) -> config
				.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meterRegistry)));
		}

	}

	/**
	 * Scheduled jobs of a service that brings ShedLock run on one instance at a time: the
	 * locks live in the global schema (table {@code global.shedlock}, created by the
	 * service's global migrations), which every replica shares.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplateLockProvider.class, EnableSchedulerLock.class })
	@EnableScheduling
	@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
	static class SchedulerLockConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LockProvider lockProvider(ShardDatabases databases, ShardMap shardMap) {
			// The global database's own pool, outside the shard routing: ShedLock runs
			// its statements without a shard transaction.
			return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
				.withJdbcTemplate(new JdbcTemplate(databases.get(shardMap.globalDatabase()).primary()))
				.withTableName("global.shedlock")
				.usingDbTime()
				.build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AbstractHealthIndicator.class)
	static class ShardHealthConfiguration {

		/**
		 * Replaces Boot's indicator, which would ask the routing DataSource without a
		 * shard.
		 */
		@Bean("dbHealthIndicator")
		AbstractHealthIndicator shardDatabasesHealthIndicator(ShardDatabases databases) {
			return new AbstractHealthIndicator() {
				@Override
				protected void doHealthCheck(Health.Builder builder) throws Exception {
					for (PhysicalDatabase database : databases.all()) {
						try (Connection connection = database.primary().getConnection()) {
							if (!connection.isValid(2)) {
								builder.down().withDetail(database.name(), "not valid");
								return;
							}
						}
						builder.withDetail(database.name(), "UP");
					}
					builder.up();
				}
			};
		}

	}

}
