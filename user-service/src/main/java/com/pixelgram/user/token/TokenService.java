package com.pixelgram.user.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

import com.pixelgram.shard.Shards;
import com.pixelgram.shard.UnknownShardException;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Issues token pairs, rotates refresh tokens and revokes them.
 * <p>
 * A refresh token is {@code {userId}.{43 characters of base64url}}: 256 random bits,
 * prefixed with the user ID so that its shard is known without a lookup. Only its SHA-256
 * digest is stored. Each refresh marks the presented token rotated and issues a new one
 * of the same family; presenting a rotated token again means it was copied, and revokes
 * the whole family.
 */
@Service
public class TokenService {

	private static final Logger log = LoggerFactory.getLogger(TokenService.class);

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,19})\\.([A-Za-z0-9_-]{43})");

	private final SecureRandom random = new SecureRandom();

	private final Shards shards;

	private final RefreshTokenRepository refreshTokens;

	private final AccessTokens accessTokens;

	private final TokenProperties properties;

	private final Clock clock = Clock.systemUTC();

	TokenService(Shards shards, RefreshTokenRepository refreshTokens, AccessTokens accessTokens,
			TokenProperties properties) {
		this.shards = shards;
		this.refreshTokens = refreshTokens;
		this.accessTokens = accessTokens;
		this.properties = properties;
	}

	/**
	 * A new pair starting a new refresh-token family (a login). Joins the caller's
	 * transaction when it is one of the user's shard.
	 */
	public TokenPair issue(long userId) {
		Instant now = now();
		String refreshToken = this.shards.write(this.shards.shardOf(userId),
				() -> newRefreshToken(userId, UUID.randomUUID(), now, now));
		return pair(userId, refreshToken, now, now);
	}

	/**
	 * Exchanges a refresh token for a new pair.
	 * @throws ApiException 401 when the token is unknown, expired, revoked or replayed
	 */
	public TokenPair refresh(String presented) {
		long userId = userOf(presented).orElseThrow(TokenService::invalid);
		byte[] hash = hash(presented);
		Instant now = now();
		Outcome outcome = this.shards.write(this.shards.shardOf(userId), () -> {
			RefreshTokenRepository.StoredToken stored = this.refreshTokens.findForUpdate(hash).orElse(null);
			if (stored == null || stored.userId() != userId || stored.revokedAt() != null) {
				return Outcome.invalid();
			}
			if (stored.rotatedAt() != null) {
				int revoked = this.refreshTokens.revokeFamily(stored.familyId(), now);
				log.warn("A rotated refresh token of user {} was presented again: revoked its family ({} tokens)",
						userId, revoked);
				return Outcome.invalid();
			}
			if (!stored.expiresAt().isAfter(now)) {
				return Outcome.invalid();
			}
			this.refreshTokens.markRotated(hash, now);
			return new Outcome(newRefreshToken(userId, stored.familyId(), stored.authenticatedAt(), now),
					stored.authenticatedAt());
		});
		// Thrown after the commit, so that a replay's revocation is kept.
		if (outcome.refreshToken() == null) {
			throw invalid();
		}
		return pair(userId, outcome.refreshToken(), outcome.authenticatedAt(), now);
	}

	/**
	 * Ends the session of a refresh token: its whole family is revoked. A token that is
	 * not the caller's, or no token at all, changes nothing.
	 */
	public void revoke(String presented, long callerId) {
		OptionalLong userId = userOf(presented);
		if (userId.isEmpty() || userId.getAsLong() != callerId) {
			return;
		}
		byte[] hash = hash(presented);
		this.shards.write(this.shards.shardOf(callerId),
				() -> this.refreshTokens.findForUpdate(hash)
					.filter((stored) -> stored.userId() == callerId)
					.ifPresent((stored) -> this.refreshTokens.revokeFamily(stored.familyId(), now())));
	}

	/** Deletes refresh tokens that expired before the instant, shard by shard. */
	public int deleteExpired(Instant before) {
		int deleted = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			deleted += this.shards.write(shard, () -> this.refreshTokens.deleteExpiredBefore(before));
		}
		return deleted;
	}

	private String newRefreshToken(long userId, UUID familyId, Instant authenticatedAt, Instant now) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = userId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.refreshTokens.insert(hash(token), userId, familyId, authenticatedAt, now,
				now.plus(this.properties.refreshTokenTtl()));
		return token;
	}

	private TokenPair pair(long userId, String refreshToken, Instant authenticatedAt, Instant now) {
		return new TokenPair(userId, this.accessTokens.issue(userId, authenticatedAt, now), refreshToken,
				this.properties.accessTokenTtl().toSeconds());
	}

	private OptionalLong userOf(String presented) {
		if (presented == null) {
			return OptionalLong.empty();
		}
		var matcher = FORMAT.matcher(presented);
		if (!matcher.matches()) {
			return OptionalLong.empty();
		}
		try {
			long userId = Long.parseLong(matcher.group(1));
			this.shards.shardOf(userId);
			return OptionalLong.of(userId);
		}
		catch (NumberFormatException | UnknownShardException ex) {
			return OptionalLong.empty();
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static ApiException invalid() {
		return new ApiException(ProblemType.UNAUTHORIZED, "The refresh token is invalid, expired or revoked.");
	}

	private static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param refreshToken the new refresh token, {@code null} when the presented one was
	 * refused
	 * @param authenticatedAt when the session's login was
	 */
	private record Outcome(String refreshToken, Instant authenticatedAt) {

		static Outcome invalid() {
			return new Outcome(null, null);
		}

	}

}
