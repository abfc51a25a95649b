package com.pixelgram.shard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.TransactionSystemException;

/**
 * Whether one physical database serves, as its probe last found, so that a database that
 * is down costs its shards' requests nothing but an immediate 503 and every other shard
 * nothing at all.
 * <p>
 * A probe runs on a connection of its own (not one of the pool's, so a saturated pool is
 * not "down" and a probe never waits for the pool) every probe interval, each step
 * bounded by the probe timeout. A failed probe, or work that found the database
 * unreachable, marks it down: its shards' work is refused at once and its pool's
 * connections are evicted. The first probe that succeeds marks it up again. Health,
 * readiness and the {@code pixelgram.shards.database.up} gauge read this state and never
 * touch the database themselves.
 */
public final class DatabaseAvailability {

	private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

	/** Probes woken early by failing work run at most this often. */
	private static final long MIN_PROBE_GAP_NANOS = Duration.ofMillis(100).toNanos();

	private final String name;

	private final HikariDataSource pool;

	private final Duration probeInterval;

	private final Duration probeTimeout;

	private volatile boolean up = true;

	private volatile Instant since = Instant.now();

	private volatile String lastError;

	private volatile boolean stopping;

	private volatile Thread prober;

	private Connection probeConnection;

	/** Connections work holds now, aborted when the database goes down. */
	private final Set<Connection> inUse = ConcurrentHashMap.newKeySet();

	DatabaseAvailability(String name, HikariDataSource pool, Duration probeInterval, Duration probeTimeout) {
		this.name = name;
		this.pool = pool;
		this.probeInterval = probeInterval;
		this.probeTimeout = probeTimeout;
	}

	/** The name of the database in the shard map. */
	public String name() {
		return this.name;
	}

	/** Whether the database serves, as its last probe or use found. */
	public boolean isUp() {
		return this.up;
	}

	/** When the database last went up or down (or when the service started). */
	public Instant since() {
		return this.since;
	}

	/** Why the database went down last, or {@code null}. */
	public String lastError() {
		return this.lastError;
	}

	/** When a refused caller may retry: the next probe. */
	public Duration retryAfter() {
		return this.probeInterval;
	}

	/** Refuses work on the database while it is down. */
	void checkUp() {
		if (!this.up) {
			throw new ShardUnavailableException(this.name, this.probeInterval, null);
		}
	}

	/**
	 * Work could not get a connection: a connection failure behind it marks the database
	 * down; a bare timeout (a saturated pool, or a database that accepts connections and
	 * does not answer) has the probe look at once.
	 * @return whether the failure was the database's (it is down now)
	 */
	boolean connectionFailed(SQLException ex) {
		if (isConnectionFailure(ex.getCause()) || isConnectionFailure(ex.getNextException())
				|| isConnectionState(ex.getSQLState())) {
			markDown(ex);
			return true;
		}
		wakeProbe();
		return false;
	}

	/** Work holds a connection of the database until it closes it. */
	void track(Connection connection) {
		this.inUse.add(connection);
		if (!this.up) {
			abort(connection);
		}
	}

	void untrack(Connection connection) {
		this.inUse.remove(connection);
	}

	/**
	 * Work lost its connection midway: the probe decides whether the database is gone.
	 */
	void connectionLost() {
		wakeProbe();
	}

	/**
	 * Runs one probe now, on the caller's thread.
	 * @return whether the database answered
	 */
	public boolean probe() {
		try {
			synchronized (this) {
				if (this.probeConnection == null) {
					this.probeConnection = open();
				}
				try (Statement statement = this.probeConnection.createStatement()) {
					statement.execute("SELECT 1");
				}
			}
			markUp();
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			closeProbeConnection();
			if (!this.stopping) {
				markDown(ex);
			}
			return false;
		}
	}

	void start() {
		if (this.probeInterval.isZero() || this.probeInterval.isNegative()) {
			return;
		}
		Thread thread = new Thread(this::probeLoop, "shard-probe-" + this.name);
		thread.setDaemon(true);
		this.prober = thread;
		thread.start();
	}

	void stop() {
		this.stopping = true;
		Thread thread = this.prober;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(this.probeTimeout.toMillis() + 1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeProbeConnection();
	}

	private void probeLoop() {
		while (!this.stopping) {
			long started = System.nanoTime();
			probe();
			LockSupport.parkNanos(this.probeInterval.toNanos());
			// Woken early by failing work: still leave a gap between probes.
			long gap = MIN_PROBE_GAP_NANOS - (System.nanoTime() - started);
			if (gap > 0 && !this.stopping) {
				LockSupport.parkNanos(gap);
			}
		}
	}

	private void wakeProbe() {
		Thread thread = this.prober;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	private Connection open() throws SQLException {
		Properties properties = new Properties();
		if (this.pool.getUsername() != null) {
			properties.setProperty("user", this.pool.getUsername());
		}
		if (this.pool.getPassword() != null) {
			properties.setProperty("password", this.pool.getPassword());
		}
		long seconds = ShardDatabases.wholeSeconds(this.probeTimeout);
		properties.setProperty("connectTimeout", Long.toString(seconds));
		properties.setProperty("socketTimeout", Long.toString(seconds));
		properties.setProperty("loginTimeout", ShardDatabases.fractionalSeconds(this.probeTimeout));
		properties.setProperty("ApplicationName", this.pool.getPoolName() + "-probe");
		Connection connection = DriverManager.getConnection(this.pool.getJdbcUrl(), properties);
		try {
			connection.setNetworkTimeout(Runnable::run, Math.toIntExact(this.probeTimeout.toMillis()));
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	private void closeProbeConnection() {
		Connection connection;
		synchronized (this) {
			connection = this.probeConnection;
			this.probeConnection = null;
		}
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// a broken connection: nothing to release
			}
		}
	}

	private void markUp() {
		if (!this.up) {
			this.up = true;
			this.since = Instant.now();
			log.info("Shard database {} is up again: its shards are served", this.name);
		}
	}

	private void markDown(Throwable cause) {
		this.lastError = describe(cause);
		if (this.up) {
			this.up = false;
			this.since = Instant.now();
			log.warn("Shard database {} is down ({}): work on its shards is refused until a probe succeeds", this.name,
					this.lastError);
			// Its pooled connections are likely broken: new ones once it is back.
			HikariPoolMXBean mxBean = this.pool.getHikariPoolMXBean();
			if (mxBean != null) {
				mxBean.softEvictConnections();
			}
			// Work waiting on a database that does not answer would wait for the socket
			// timeout: it fails now, as new work does.
			this.inUse.forEach(DatabaseAvailability::abort);
		}
	}

	private static void abort(Connection connection) {
		try {
			connection.abort(Runnable::run);
		}
		catch (SQLException | RuntimeException ex) {
			log.debug("Could not abort a connection of a database that is down", ex);
		}
	}

	/**
	 * Whether a failure is a JDBC connection failing (SQLSTATE class 08, as pgjdbc
	 * reports an I/O error): an I/O error of anything else (an HTTP call) is not the
	 * database's.
	 */
	static boolean isConnectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
			// A rollback that failed on the broken connection hides the failure of the
			// work.
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& isConnectionFailure(rollback.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

	/** SQLSTATE class 08: connection exception. */
	private static boolean isConnectionState(String sqlState) {
		return sqlState != null && sqlState.startsWith("08");
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : "";
		return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

}
