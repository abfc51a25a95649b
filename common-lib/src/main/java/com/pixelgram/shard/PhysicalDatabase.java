package com.pixelgram.shard;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One physical database of the shard map: its primary pool, its replica pool if any, and
 * the logical shards it holds.
 *
 * @param name the name in the shard map
 * @param primary the primary's pool
 * @param replica the replica's pool, or {@code null}
 * @param shards the logical shards held here
 * @param availability whether the primary serves, as its probe last found
 */
public record PhysicalDatabase(String name, HikariDataSource primary, HikariDataSource replica, List<Integer> shards,
		DatabaseAvailability availability) {

	/** Where read-only work goes: the replica when there is one. */
	public DataSource reader() {
		return (this.replica != null) ? this.replica : this.primary;
	}

	/**
	 * Whether the database serves: work for a database that is down fails at once, so a
	 * job that runs per database can skip it.
	 */
	public boolean available() {
		return this.availability.isUp();
	}

	void close() {
		this.availability.stop();
		if (this.replica != null) {
			this.replica.close();
		}
		this.primary.close();
	}

}
