package com.pixelgram.user.follow;

import java.util.Locale;

/**
 * The two lists of other users an account keeps, kept the same way: a row per user in the
 * owner's shard, a cap on their number, and a page of them newest first. The block is
 * only its blocker's half here; the {@code blocked_by} half and what a block removes are
 * {@link Safety}'s.
 */
enum SafetyList {

	/** The users the owner blocked. */
	BLOCKS("block", "blocker_id", "blocked_id"),

	/** The users the owner muted. */
	MUTES("mute", "muter_id", "muted_id");

	/** The table in the owner's shard. */
	final String table;

	/** The column of the owner, first in the table's primary key. */
	final String owner;

	/** The column of the user on the list. */
	final String other;

	SafetyList(String table, String owner, String other) {
		this.table = table;
		this.owner = owner;
		this.other = other;
	}

	/** The list, as its cap's problem names it ({@code too-many-blocks}). */
	String noun() {
		return name().toLowerCase(Locale.ROOT);
	}

}
