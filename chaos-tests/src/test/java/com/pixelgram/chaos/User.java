package com.pixelgram.chaos;

/**
 * A virtual user: an account and its current access token.
 */
final class User {

	private final String id;

	private final String username;

	private final String password;

	private volatile String token;

	private volatile long tokenAt;

	User(String id, String username, String password, String token) {
		this.id = id;
		this.username = username;
		this.password = password;
		this.token = token;
		this.tokenAt = System.nanoTime();
	}

	String id() {
		return this.id;
	}

	String username() {
		return this.username;
	}

	String password() {
		return this.password;
	}

	String token() {
		return this.token;
	}

	long tokenAt() {
		return this.tokenAt;
	}

	void token(String token) {
		this.token = token;
		this.tokenAt = System.nanoTime();
	}

	/** The logical shard of the user's data, which their ID carries. */
	int shard() {
		return shardOf(this.id);
	}

	/**
	 * The logical shard an ID carries: 41 bits of time, 13 of shard, 10 of sequence.
	 * @param id the ID as the API gives it
	 * @return the shard
	 */
	static int shardOf(String id) {
		return (int) ((Long.parseLong(id) >>> 10) & 0x1FFF);
	}

	@Override
	public String toString() {
		return this.username + " (" + this.id + ", shard " + shard() + ")";
	}

}
