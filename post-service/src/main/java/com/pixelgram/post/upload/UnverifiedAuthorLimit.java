package com.pixelgram.post.upload;

import java.time.Clock;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits the posts of authors whose email is not verified, as the access token's
 * {@code email_verified} claim says (user-service sets it at login and at each refresh,
 * so a verification counts from the next refresh). A token without the claim counts as
 * verified: tokens issued before the claim existed live 15 minutes at most.
 * <p>
 * The author's posts of the window are counted on the post index by ID (IDs begin with
 * their time); two uploads racing past the count may both pass, which a limit meant to
 * slow down throwaway accounts can afford.
 */
@Component
class UnverifiedAuthorLimit {

	static final String CLAIM = "email_verified";

	private final Shards shards;

	private final UnverifiedAuthorProperties properties;

	private final Clock clock = Clock.systemUTC();

	UnverifiedAuthorLimit(Shards shards, UnverifiedAuthorProperties properties) {
		this.shards = shards;
		this.properties = properties;
	}

	/**
	 * @throws ApiException 403 {@code email-not-verified} when the caller's email is not
	 * verified and the window holds {@code max-posts} of their posts already
	 */
	void check(long userId) {
		boolean unverified = CurrentUser.claim(CLAIM).map(Boolean.FALSE::equals).orElse(false);
		if (!unverified) {
			return;
		}
		long since = IdGenerator.lowestIdAt(this.clock.instant().minus(this.properties.window()));
		long recent = this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM post WHERE user_id = :userId AND post_id >= :since")
					.param("userId", userId)
					.param("since", since)
					.query(Long.class)
					.single());
		if (recent >= this.properties.maxPosts()) {
			throw new ApiException(HttpStatus.FORBIDDEN, "email-not-verified", "Email not verified",
					"Verify your email address to post more than " + this.properties.maxPosts() + " photos a day.")
				.property("max_posts", this.properties.maxPosts());
		}
	}

}
