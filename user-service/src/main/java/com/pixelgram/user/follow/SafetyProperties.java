package com.pixelgram.user.follow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many users one account may block and mute. Every feed read, search and list of the
 * account filters by these sets, so they are bounded; a person meeting a harassment
 * campaign needs thousands, not millions.
 *
 * @param maxBlocks the most users one account blocks at once
 * @param maxMutes the most users one account mutes at once
 */
@ConfigurationProperties("pixelgram.users.safety")
record SafetyProperties(@DefaultValue("10000") int maxBlocks, @DefaultValue("10000") int maxMutes) {

	/** The most users one account keeps on the list. */
	int max(SafetyList list) {
		return switch (list) {
			case BLOCKS -> this.maxBlocks;
			case MUTES -> this.maxMutes;
		};
	}

}
