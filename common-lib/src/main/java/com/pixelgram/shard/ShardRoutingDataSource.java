package com.pixelgram.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Hands out a connection of the physical database that holds the current logical shard,
 * with the shard's schema selected, from the replica for read-only work when one is
 * configured.
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
		DataSource pool = key.readOnly() ? database.reader() : database.primary();
		Connection connection = pool.getConnection();
		try {
			connection.setSchema(ShardMap.schemaOf(key.shard()));
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new UnsupportedOperationException("shard connections use the credentials of the shard map");
	}

}
