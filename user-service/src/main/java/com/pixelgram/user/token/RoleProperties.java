package com.pixelgram.user.token;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who holds a role, named in the access tokens minted for them ({@code roles} claim).
 * Read when a token is minted: a change reaches a user with their next login or refresh,
 * and a role taken away lives on in the access tokens already issued until they expire.
 *
 * @param moderatorUsernames the usernames of the moderators (case-insensitive); a renamed
 * account loses the role
 * @param moderatorIds the user IDs of the moderators
 */
@ConfigurationProperties("pixelgram.users.roles")
record RoleProperties(@DefaultValue List<String> moderatorUsernames, @DefaultValue List<Long> moderatorIds) {

	/** The role of a moderator, as the {@code roles} claim names it. */
	static final String MODERATOR = "moderator";

	/** The roles of an account. */
	List<String> rolesOf(long userId, String username) {
		Set<String> usernames = this.moderatorUsernames.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		boolean moderator = this.moderatorIds.contains(userId)
				|| (username != null && usernames.contains(username.toLowerCase(Locale.ROOT)));
		return moderator ? List.of(MODERATOR) : List.of();
	}

}
