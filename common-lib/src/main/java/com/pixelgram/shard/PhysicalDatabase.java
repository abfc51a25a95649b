package com.pixelgram.shard;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One physical database of the shard map: its primary pool, its replica pool if any, and
 * the logical shards it holds.
 * <p>
 * The primary and the replica are probed apart: a replica that fails sends read-only work
 * to the primary until it serves again, and counts against nothing else; a primary that
 * fails refuses writes while a serving replica goes on with the reads.
 *
 * @param name the name in the shard map
 * @param primary the primary's pool
 * @param replica the replica's pool, or {@code null}
 * @param shards the logical shards held here
 * @param availability whether the primary serves, as its probe last found
 * @param replicaAvailability whether the replica serves, or {@code null} without one
 */
public record PhysicalDatabase(String name, HikariDataSource primary, HikariDataSource replica, List<Integer> shards,
		DatabaseAvailability availability, DatabaseAvailability replicaAvailability) {

	/** Where read-only work goes: the replica while it serves, the primary otherwise. */
	public DataSource reader() {
		return replicaServes() ? this.replica : this.primary;
	}

	/** Whether read-only work goes to the replica: there is one and it serves. */
	public boolean replicaServes() {
		return this.replica != null && this.replicaAvailability.isUp();
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
			this.replicaAvailability.stop();
			this.replica.close();
		}
		this.primary.close();
	}

}
