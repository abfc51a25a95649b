package com.pixelgram.user.auth;

import java.time.Duration;

/** Durations as a mail says them. */
final class Durations {

	private Durations() {
	}

	/** "15 minutes", "48 hours", "2 days": the largest whole unit. */
	static String describe(Duration duration) {
		if (duration.toDays() > 2 && duration.toHours() % 24 == 0) {
			return plural(duration.toDays(), "day");
		}
		if (duration.toHours() >= 1 && duration.toMinutes() % 60 == 0) {
			return plural(duration.toHours(), "hour");
		}
		return plural(Math.max(duration.toMinutes(), 1), "minute");
	}

	private static String plural(long count, String unit) {
		return count + " " + unit + ((count == 1) ? "" : "s");
	}

}
