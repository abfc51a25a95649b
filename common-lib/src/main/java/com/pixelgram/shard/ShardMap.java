package com.pixelgram.shard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.id.IdGenerator;

/**
 * The validated assignment of logical shards to physical databases. Every logical shard
 * is held by exactly one database; moving a shard is a data copy plus a change here.
 */
public final class ShardMap {

	private final int count;

	private final String globalDatabase;

	private final Map<String, ShardProperties.Database> databases;

	private final String[] databaseOfShard;

	public ShardMap(ShardProperties properties) {
		if (properties.count() < 1 || properties.count() > IdGenerator.MAX_SHARDS) {
			throw new IllegalArgumentException(
					"pixelgram.shards.count must be between 1 and " + IdGenerator.MAX_SHARDS);
		}
		if (properties.databases() == null || properties.databases().isEmpty()) {
			throw new IllegalArgumentException("pixelgram.shards.databases must name at least one database");
		}
		this.count = properties.count();
		this.databases = new LinkedHashMap<>();
		this.databaseOfShard = new String[this.count];
		for (ShardProperties.Database database : properties.databases()) {
			if (database.name() == null || this.databases.putIfAbsent(database.name(), database) != null) {
				throw new IllegalArgumentException("every shard database needs a unique name: " + database.name());
			}
			for (int shard : parseRanges(database.shards(), this.count, database.name())) {
				if (this.databaseOfShard[shard] != null) {
					throw new IllegalArgumentException("logical shard " + shard + " is assigned to both "
							+ this.databaseOfShard[shard] + " and " + database.name());
				}
				this.databaseOfShard[shard] = database.name();
			}
		}
		for (int shard = 0; shard < this.count; shard++) {
			if (this.databaseOfShard[shard] == null) {
				throw new IllegalArgumentException("logical shard " + shard + " is assigned to no database");
			}
		}
		this.globalDatabase = (properties.globalDatabase() != null) ? properties.globalDatabase()
				: properties.databases().get(0).name();
		if (!this.databases.containsKey(this.globalDatabase)) {
			throw new IllegalArgumentException("global-database names an unknown database: " + this.globalDatabase);
		}
	}

	public int count() {
		return this.count;
	}

	public String databaseOf(int shard) {
		if (shard == ShardContext.GLOBAL) {
			return this.globalDatabase;
		}
		if (shard < 0 || shard >= this.count) {
			throw new UnknownShardException(shard);
		}
		return this.databaseOfShard[shard];
	}

	public String globalDatabase() {
		return this.globalDatabase;
	}

	public Map<String, ShardProperties.Database> databases() {
		return Collections.unmodifiableMap(this.databases);
	}

	/** The logical shards held by one physical database, in order. */
	public List<Integer> shardsOf(String database) {
		List<Integer> shards = new ArrayList<>();
		for (int shard = 0; shard < this.count; shard++) {
			if (this.databaseOfShard[shard].equals(database)) {
				shards.add(shard);
			}
		}
		return shards;
	}

	/** The schema name of a logical shard: {@code shard_0007}, or {@code global}. */
	public static String schemaOf(int shard) {
		return (shard == ShardContext.GLOBAL) ? "global" : String.format("shard_%04d", shard);
	}

	private static List<Integer> parseRanges(List<String> ranges, int count, String database) {
		List<Integer> shards = new ArrayList<>();
		if (ranges == null) {
			return shards;
		}
		for (String range : ranges) {
			String[] bounds = range.trim().split("\\s*-\\s*");
			int from = Integer.parseInt(bounds[0]);
			int to = (bounds.length > 1) ? Integer.parseInt(bounds[1]) : from;
			if (from < 0 || to >= count || from > to) {
				throw new IllegalArgumentException(
						"database " + database + " names shards " + range + " outside 0-" + (count - 1));
			}
			for (int shard = from; shard <= to; shard++) {
				shards.add(shard);
			}
		}
		return shards;
	}

}
