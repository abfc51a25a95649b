package com.pixelgram.shard;

import java.time.Duration;

import com.pixelgram.web.TemporarilyUnavailable;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * The physical database that holds a logical shard cannot be reached: it refused or did
 * not answer a connection, lost one midway, or is marked down until its probe succeeds
 * again. Only the work of that database's shards fails; the service answers it with a 503
 * problem and {@code Retry-After}.
 */
public class ShardUnavailableException extends TransientDataAccessResourceException implements TemporarilyUnavailable {

	private final String database;

	private final Duration retryAfter;

	public ShardUnavailableException(String database, Duration retryAfter, Throwable cause) {
		super("shard database " + database + " is unavailable", cause);
		this.database = database;
		this.retryAfter = retryAfter;
	}

	/** The name of the physical database in the shard map. */
	public String getDatabase() {
		return this.database;
	}

	/** When a retry may succeed: the database's next probe. */
	@Override
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
