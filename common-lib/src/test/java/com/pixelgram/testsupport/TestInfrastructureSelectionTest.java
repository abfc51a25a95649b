package com.pixelgram.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TestInfrastructureSelectionTest {

	@Test
	void postgresComesFromTheEnvironmentThenDockerThenEmbedded() {
		String expected = (System.getenv("PIXELGRAM_TEST_POSTGRES_URL") != null) ? "environment"
				: DockerClientFactory.instance().isDockerAvailable() ? "testcontainers" : "embedded";

		assertThat(TestPostgres.source()).isEqualTo(expected);
	}

	@Test
	void redisComesFromTheEnvironmentWhenNamed() {
		String named = System.getenv("PIXELGRAM_TEST_REDIS_URL");

		if (named != null) {
			assertThat(TestRedis.url()).isEqualTo(named);
		}
		else {
			assertThat(TestRedis.url()).startsWith("redis://");
		}
	}

	@Test
	void everyCallerGetsAFreshEmptyDatabaseOfItsOwn() throws Exception {
		TestDatabase first = TestPostgres.createDatabase("selection");
		TestDatabase second = TestPostgres.createDatabase("selection");

		assertThat(first.name()).isNotEqualTo(second.name());
		try (Connection connection = DriverManager.getConnection(first.url(), first.username(), first.password());
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT current_database(), (SELECT count(*) FROM information_schema.tables "
							+ "WHERE table_schema NOT IN ('pg_catalog', 'information_schema'))")) {
			rows.next();
			assertThat(rows.getString(1)).isEqualTo(first.name());
			assertThat(rows.getLong(2)).isZero();
		}
	}

	@Test
	void queueAndKeyPrefixesDifferPerCaller() {
		assertThat(TestSqs.uniqueQueuePrefix("x")).isNotEqualTo(TestSqs.uniqueQueuePrefix("x"));
		assertThat(TestRedis.uniquePrefix("x")).isNotEqualTo(TestRedis.uniquePrefix("x"));
	}

}
