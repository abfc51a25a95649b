package com.pixelgram.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run from the binaries on the classpath (zonky), for tests and
 * dev-stack.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final String USERNAME = "postgres";

	// initdb runs with "-A trust": any password is accepted, this one is for tools that
	// insist on one.
	private static final String PASSWORD = "postgres";

	private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final String DUPLICATE_DATABASE = "42P04";

	private final EmbeddedPostgres postgres;

	private boolean stopped;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts a server.
	 * @param port the port, or 0 for any free port
	 * @param dataDirectory where the cluster lives and is kept across restarts, or
	 * {@code null} for a temporary directory deleted on close
	 * @return the running server
	 */
	public static EmbeddedPostgresServer start(int port, Path dataDirectory) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
		if (dataDirectory != null) {
			// Zonky's shutdown hook would stop a kept cluster while its owner (dev-stack)
			// still stops the services using it; a temporary one keeps the hook, so that
			// a test that forgets close() leaves no postmaster behind.
			createDirectories(dataDirectory);
			builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false).setRegisterShutdownHook(false);
		}
		try {
			return new EmbeddedPostgresServer(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded PostgreSQL did not start on port " + port, ex);
		}
	}

	private static void createDirectories(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
	}

	public String username() {
		return USERNAME;
	}

	public String password() {
		return PASSWORD;
	}

	/**
	 * Creates a database unless it exists; safe to call concurrently.
	 * @param name a lower-case SQL identifier
	 */
	public void createDatabaseIfMissing(String name) {
		if (!DATABASE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain lower-case database name: " + name);
		}
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection()) {
			if (exists(connection, name)) {
				return;
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE \"" + name + "\"");
			}
		}
		catch (SQLException ex) {
			if (!DUPLICATE_DATABASE.equals(ex.getSQLState())) {
				throw new IllegalStateException("Could not create database " + name, ex);
			}
		}
	}

	private static boolean exists(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	@Override
	public synchronized void close() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded PostgreSQL did not stop cleanly", ex);
		}
	}

}
