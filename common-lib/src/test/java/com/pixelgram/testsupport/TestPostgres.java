package com.pixelgram.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.testsupport.embedded.EmbeddedPostgresServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Postgres server of the tests, found in this order: the one named by
 * {@code PIXELGRAM_TEST_POSTGRES_URL} (a JDBC URL of a maintenance database, with
 * {@code PIXELGRAM_TEST_POSTGRES_USER} and {@code _PASSWORD}), else a Testcontainers one
 * when a Docker engine runs, else an embedded one. Each caller gets a database of its
 * own, dropped when the JVM exits, so that test classes never share data.
 */
public final class TestPostgres {

	private static final Server SERVER = locate();

	private static final List<String> CREATED = new CopyOnWriteArrayList<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "test-postgres-cleanup"));
	}

	private TestPostgres() {
	}

	/** A new, empty database whose name starts with the hint. */
	public static TestDatabase createDatabase(String hint) {
		String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL))
			.toLowerCase(Locale.ROOT);
		execute("CREATE DATABASE " + name);
		CREATED.add(name);
		return new TestDatabase(name, SERVER.urlOf(name), SERVER.username(), SERVER.password());
	}

	/**
	 * Where the server came from: {@code environment}, {@code testcontainers} or
	 * {@code embedded}.
	 */
	public static String source() {
		return SERVER.source();
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(SERVER.adminUrl(), SERVER.username(),
				SERVER.password()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("test Postgres refused: " + sql, ex);
		}
	}

	private static void dropCreated() {
		for (String name : CREATED) {
			try {
				execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			}
			catch (RuntimeException ex) {
				// The server may already be gone (embedded, container); nothing is left
				// behind then.
			}
		}
	}

	private static Server locate() {
		String url = System.getenv("PIXELGRAM_TEST_POSTGRES_URL");
		if (url != null && !url.isBlank()) {
			return new Server("environment", url, env("PIXELGRAM_TEST_POSTGRES_USER", "postgres"),
					env("PIXELGRAM_TEST_POSTGRES_PASSWORD", ""));
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			return new Server("testcontainers", container.getJdbcUrl(), container.getUsername(),
					container.getPassword());
		}
		EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(0, null);
		Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-stop"));
		return new Server("embedded", embedded.jdbcUrl("postgres"), embedded.username(), embedded.password());
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	private record Server(String source, String adminUrl, String username, String password) {

		String urlOf(String database) {
			// Swap the database of the admin URL, keeping host, port and parameters.
			int slash = this.adminUrl.indexOf('/', "jdbc:postgresql://".length());
			int query = this.adminUrl.indexOf('?', slash);
			String tail = (query >= 0) ? this.adminUrl.substring(query) : "";
			return this.adminUrl.substring(0, slash + 1) + database + tail;
		}

	}

}
