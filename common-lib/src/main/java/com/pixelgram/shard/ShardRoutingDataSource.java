package com.pixelgram.shard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Hands out a connection of the physical database that holds the current logical shard,
 * with the shard's schema selected, from the replica when {@link Shards} chose it for the
 * work (read-only, and a replica that serves). A database that is down is refused at
 * once; one that cannot hand out a connection in time because it is unreachable is marked
 * down ({@link DatabaseAvailability}).
 */
final class ShardRoutingDataSource extends AbstractDataSource {

	private final ShardMap shardMap;

	private final Map<String, PhysicalDatabase> databases;

	ShardRoutingDataSource(ShardMap shardMap, Map<String, PhysicalDatabase> databases) {
		this.shardMap = shardMap;
		this.databases = databases;
	}

	@Override
	public Connection getConnection() throws SQLException {
		ShardContext.Key key = ShardContext.current();
		if (key == null) {
			throw new IllegalStateException("no logical shard selected: run data access through Shards");
		}
		PhysicalDatabase database = this.databases.get(this.shardMap.databaseOf(key.shard()));
		if (key.replica()) {
			try {
				return withSchema(tracked(database.replica().getConnection(), database.replicaAvailability()), key);
			}
			catch (SQLException ex) {
				// Down or not answering: the replica's probe decides; this work reads
				// from the primary.
				database.replicaAvailability().connectionFailed(ex);
			}
		}
		database.availability().checkUp();
		Connection connection;
		try {
			connection = database.primary().getConnection();
		}
		catch (SQLException ex) {
			if (database.availability().connectionFailed(ex)) {
				throw new ShardUnavailableException(database.name(), database.availability().retryAfter(), ex);
			}
			// A saturated pool (or a database that does not answer yet): busy, not down.
			throw ex;
		}
		return withSchema(tracked(connection, database.availability()), key);
	}

	private static Connection withSchema(Connection tracked, ShardContext.Key key) throws SQLException {
		try {
			tracked.setSchema(ShardMap.schemaOf(key.shard()));
			return tracked;
		}
		catch (SQLException | RuntimeException ex) {
			tracked.close();
			throw ex;
		}
	}

	/**
	 * The connection, known to its database's availability until it is closed, so that
	 * work hung on it fails when the database is marked down.
	 */
	private static Connection tracked(Connection connection, DatabaseAvailability availability) {
		availability.track(connection);
		return (Connection) Proxy.newProxyInstance(ShardRoutingDataSource.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("close") && method.getParameterCount() == 0) {
						availability.untrack(connection);
					}
					try {
						return method.invoke(connection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				});
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new UnsupportedOperationException("shard connections use the credentials of the shard map");
	}

}
