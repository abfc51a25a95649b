package com.pixelgram.user.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

import com.pixelgram.shard.Shards;
import com.pixelgram.shard.UnknownShardException;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountRepository;
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

	private static final int MAX_USER_AGENT_LENGTH = 256;

	private final SecureRandom random = new SecureRandom();

	private final Shards shards;

	private final RefreshTokenRepository refreshTokens;

	private final AccessTokens accessTokens;

	private final TokenProperties properties;

	private final AccountRepository accounts;

	private final AccountTokens accountTokens;

	private final RoleProperties roles;

	private final Clock clock = Clock.systemUTC();

	TokenService(Shards shards, RefreshTokenRepository refreshTokens, AccessTokens accessTokens,
			TokenProperties properties, AccountRepository accounts, AccountTokens accountTokens, RoleProperties roles) {
		this.roles = roles;
		this.shards = shards;
		this.refreshTokens = refreshTokens;
		this.accessTokens = accessTokens;
		this.properties = properties;
		this.accounts = accounts;
		this.accountTokens = accountTokens;
	}

	/**
	 * A new pair starting a new refresh-token family (a login, a session). Joins the
	 * caller's transaction when it is one of the user's shard.
	 * @param userAgent the client's {@code User-Agent}, shown in the list of sessions
	 */
	public TokenPair issue(long userId, String userAgent) {
		Instant now = now();
		UUID familyId = UUID.randomUUID();
		String agent = userAgent(userAgent);
		return this.shards.write(this.shards.shardOf(userId), () -> {
			String refreshToken = newRefreshToken(userId, familyId, now, now, agent);
			Optional<Account> account = this.accounts.find(userId);
			return pair(userId, refreshToken, now, now, familyId, account.map(Account::emailVerified).orElse(false),
					rolesOf(userId, account));
		});
	}

	/**
	 * Revokes every session of the user (a new password, logout everywhere). Joins the
	 * caller's transaction when it is one of the user's shard. Access tokens already
	 * issued live on until they expire, unless the caller tells the gateways of it
	 * ({@link AccessRevocations#signedOut}).
	 */
	public void revokeAll(long userId) {
		this.shards.write(this.shards.shardOf(userId), () -> this.refreshTokens.revokeAll(userId, now()));
	}

	/**
	 * The user's live sessions, most recently used first.
	 * @param currentSessionId the caller's session ({@code sid} of the access token), or
	 * null
	 */
	public List<Session> sessions(long userId, String currentSessionId) {
		Instant now = now();
		return this.shards.read(this.shards.shardOf(userId), () -> this.refreshTokens.sessions(userId, now))
			.stream()
			.map((stored) -> new Session(stored.familyId().toString(), stored.userAgent(), stored.createdAt(),
					stored.lastUsedAt(), stored.familyId().toString().equals(currentSessionId)))
			.toList();
	}

	/**
	 * Ends one session of the user's.
	 * @return false when the user has no live session of that ID
	 */
	public boolean revokeSession(long userId, String sessionId) {
		UUID familyId;
		try {
			familyId = UUID.fromString(sessionId);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return this.shards.write(this.shards.shardOf(userId),
				() -> this.refreshTokens.revokeFamilyOf(userId, familyId, now())) > 0;
	}

	/**
	 * A session as its owner sees it.
	 *
	 * @param sessionId the session (refresh-token family) ID
	 * @param userAgent the {@code User-Agent} of the client that holds it, or null
	 * @param createdAt when its login was
	 * @param lastUsedAt when its refresh token last rotated (or the login)
	 * @param current whether it is the caller's own session
	 */
	public record Session(String sessionId, String userAgent, Instant createdAt, Instant lastUsedAt, boolean current) {

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
			Optional<Account> account = this.accounts.find(userId);
			if (account.isEmpty()) {
				return Outcome.invalid();
			}
			this.refreshTokens.markRotated(hash, now);
			return new Outcome(
					newRefreshToken(userId, stored.familyId(), stored.authenticatedAt(), now, stored.userAgent()),
					stored.authenticatedAt(), stored.familyId(), account.get().emailVerified(),
					rolesOf(userId, account));
		});
		// Thrown after the commit, so that a replay's revocation is kept.
		if (outcome.refreshToken() == null) {
			throw invalid();
		}
		return pair(userId, outcome.refreshToken(), outcome.authenticatedAt(), now, outcome.familyId(),
				outcome.emailVerified(), outcome.roles());
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

	/**
	 * Deletes refresh tokens and mailed account tokens that expired before the instant,
	 * shard by shard.
	 */
	public int deleteExpired(Instant before) {
		int deleted = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			deleted += this.shards.write(shard, () -> this.refreshTokens.deleteExpiredBefore(before)
					+ this.accountTokens.deleteExpiredBefore(before));
		}
		return deleted;
	}

	private String newRefreshToken(long userId, UUID familyId, Instant authenticatedAt, Instant now, String userAgent) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = userId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.refreshTokens.insert(hash(token), userId, familyId, authenticatedAt, now,
				now.plus(this.properties.refreshTokenTtl()), userAgent);
		return token;
	}

	private TokenPair pair(long userId, String refreshToken, Instant authenticatedAt, Instant now, UUID familyId,
			boolean emailVerified, List<String> roles) {
		return new TokenPair(userId,
				this.accessTokens.issue(userId, authenticatedAt, now, familyId, emailVerified, roles), refreshToken,
				this.properties.accessTokenTtl().toSeconds());
	}

	private List<String> rolesOf(long userId, Optional<Account> account) {
		return this.roles.rolesOf(userId, account.map(Account::username).orElse(null));
	}

	/** A User-Agent as kept: stripped of control characters, at most 256 characters. */
	private static String userAgent(String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return null;
		}
		String clean = userAgent.replaceAll("\\p{Cntrl}", "").strip();
		return clean.substring(0, Math.min(clean.length(), MAX_USER_AGENT_LENGTH));
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
	private record Outcome(String refreshToken, Instant authenticatedAt, UUID familyId, boolean emailVerified,
			List<String> roles) {

		static Outcome invalid() {
			return new Outcome(null, null, null, false, List.of());
		}

	}

}
