package com.pixelgram.shard;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The "migrate, then exit" mode of a sharded service: with
 * {@value #PROPERTY}{@code =true} (an argument
 * {@code --pixelgram.shards.migrate-only=true} or the environment variable
 * {@code PIXELGRAM_SHARDS_MIGRATEONLY=true}) the service's {@code main} creates and
 * migrates every schema of its shard map, as {@code migrate-on-start} would, and exits
 * instead of starting. Nothing else of the service starts (no web server, no queues, no
 * Redis): only its configuration is read, from the same sources as the service's, so that
 * a Helm hook Job can migrate with credentials of its own while the pods start with
 * {@code migrate-on-start=false}.
 */
public final class ShardMigration {

	/** The property that asks for this mode. */
	public static final String PROPERTY = "pixelgram.shards.migrate-only";

	private static final Logger log = LoggerFactory.getLogger(ShardMigration.class);

	private ShardMigration() {
	}

	/**
	 * Whether the command line or the environment asks for this mode.
	 * @param args the arguments of {@code main}
	 * @return whether {@value #PROPERTY} is true there
	 */
	public static boolean requested(String[] args) {
		return requested(args, System.getenv());
	}

	static boolean requested(String[] args, Map<String, String> environmentVariables) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.copyOf(environmentVariables)));
		sources.addFirst(new SimpleCommandLinePropertySource(args));
		ConfigurationPropertySources.attach(environment);
		return Binder.get(environment).bind(PROPERTY, Boolean.class).orElse(false);
	}

	/**
	 * Migrates every schema of the shard map the configuration describes, then closes the
	 * pools.
	 * @param args the arguments of {@code main}, read as the service reads them
	 * @throws RuntimeException when a migration fails
	 */
	public static void run(String... args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Migration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(args)) {
			context.getBean(ShardMigrator.class).migrate();
		}
	}

	/**
	 * {@link #run} for {@code main}: exits the JVM with 0 once every schema is migrated,
	 * 1 when a migration failed.
	 * @param args the arguments of {@code main}
	 */
	public static void runAndExit(String... args) {
		int status = 0;
		try {
			run(args);
			log.info("Every schema is migrated; exiting ({}=true)", PROPERTY);
		}
		catch (RuntimeException ex) {
			log.error("Migration failed", ex);
			status = 1;
		}
		System.exit(status);
	}

	/** The shard map's pools and the migrator: no auto-configuration, nothing else. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ShardProperties.class)
	static class Migration {

		@Bean
		ShardMap shardMap(ShardProperties properties) {
			return new ShardMap(properties);
		}

		@Bean
		ShardDatabases shardDatabases(ShardMap shardMap, ShardProperties properties, Environment environment) {
			String application = environment.getProperty("spring.application.name", "pixelgram") + "-migration";
			return new ShardDatabases(shardMap, properties, application, (config) -> {
			});
		}

		@Bean
		ShardMigrator shardMigrator(ShardMap shardMap, ShardDatabases databases, ShardProperties properties) {
			return new ShardMigrator(shardMap, databases, properties);
		}

	}

}
