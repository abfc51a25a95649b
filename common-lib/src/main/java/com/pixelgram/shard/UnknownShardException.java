package com.pixelgram.shard;

/**
 * An ID names a logical shard this deployment does not have: the ID is not one of ours,
 * so whatever it names does not exist.
 */
public class UnknownShardException extends RuntimeException {

	public UnknownShardException(int shard) {
		super("no logical shard " + shard);
	}

}
