package com.pixelgram.user.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.pixelgram.shard.Shards;
import com.pixelgram.shard.UnknownShardException;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.stereotype.Service;

/**
 * Single-use tokens mailed to a user: email verification, email change, its undoing and
 * password reset.
 * <p>
 * A token is {@code {userId}.{nonce}.{mac}}: the user ID (its shard), 128 random bits and
 * 128 bits of an HMAC-SHA256 over purpose, user and nonce with a key derived from the
 * signing key. The database keeps the SHA-256 digest of the token (to look it up and use
 * it once) and, until the mail is sent, the nonce: neither is a token without the key.
 * Issuing a token voids the user's earlier unused ones of the same purpose, except undo
 * links ({@link Purpose#UNDO_EMAIL_CHANGE}).
 */
@Service
public class AccountTokens {

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,19})\\.([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{22})");

	private static final int MAC_BYTES = 16;

	private final SecureRandom random = new SecureRandom();

	private final Shards shards;

	private final byte[] key;

	private final Clock clock = Clock.systemUTC();

	AccountTokens(Shards shards, SigningKeys keys) {
		this.shards = shards;
		this.key = keys.derivedSecret("pixelgram account tokens v1");
	}

	/** What a token is for; part of what is signed, so one cannot stand for the other. */
	public enum Purpose {

		/** Proves the address it was mailed to. */
		VERIFY_EMAIL("verify-email"),

		/** Sets a new password. */
		RESET_PASSWORD("reset-password"),

		/**
		 * Proves the new address of an email change, mailed to that address, and moves
		 * the account to it. A purpose of its own, so that a change and the verification
		 * of the current address never void each other's links.
		 */
		CHANGE_EMAIL("change-email"),

		/**
		 * Moves the account back to the address it had before an email change, mailed to
		 * that address with the notice of the change. A later change does not void it:
		 * whoever made a hostile change could otherwise void the owner's link by changing
		 * the email once more.
		 */
		UNDO_EMAIL_CHANGE("undo-email-change", false);

		private final String value;

		private final boolean replacesEarlier;

		Purpose(String value) {
			this(value, true);
		}

		Purpose(String value, boolean replacesEarlier) {
			this.value = value;
			this.replacesEarlier = replacesEarlier;
		}

		public String value() {
			return this.value;
		}

	}

	/**
	 * What a redeemed token was issued for.
	 *
	 * @param userId the user
	 * @param email the address the token was mailed to
	 */
	public record Redeemed(long userId, String email) {

	}

	/**
	 * Stores a new token in the caller's transaction of the user's shard, voiding the
	 * user's unused ones of the same purpose (but for undo links, which stay).
	 * @return the nonce, from which {@link #token} makes the token when the mail is sent
	 */
	public String issue(long userId, Purpose purpose, String email, Duration ttl) {
		byte[] nonceBytes = new byte[16];
		this.random.nextBytes(nonceBytes);
		String nonce = encode(nonceBytes);
		Instant now = now();
		if (purpose.replacesEarlier) {
			this.shards.jdbc()
				.sql("UPDATE account_token SET used_at = :now "
						+ "WHERE user_id = :userId AND purpose = :purpose AND used_at IS NULL")
				.param("userId", userId)
				.param("purpose", purpose.value())
				.param("now", AccountRepository.timestamp(now))
				.update();
		}
		this.shards.jdbc()
			.sql("INSERT INTO account_token (token_hash, user_id, purpose, email, created_at, expires_at) "
					+ "VALUES (:hash, :userId, :purpose, :email, :createdAt, :expiresAt)")
			.param("hash", digest(token(userId, purpose, nonce)))
			.param("userId", userId)
			.param("purpose", purpose.value())
			.param("email", email)
			.param("createdAt", AccountRepository.timestamp(now))
			.param("expiresAt", AccountRepository.timestamp(now.plus(ttl)))
			.update();
		return nonce;
	}

	/** The token of a nonce, as the mail carries it. */
	public String token(long userId, Purpose purpose, String nonce) {
		return userId + "." + nonce + "." + encode(mac(userId, purpose, nonce));
	}

	/**
	 * The user a token names, when it is well formed and carries a valid signature for
	 * the purpose (nothing is read from the database).
	 */
	public OptionalLong userOf(String token, Purpose purpose) {
		if (token == null) {
			return OptionalLong.empty();
		}
		Matcher matcher = FORMAT.matcher(token);
		if (!matcher.matches()) {
			return OptionalLong.empty();
		}
		long userId;
		try {
			userId = Long.parseLong(matcher.group(1));
			this.shards.shardOf(userId);
		}
		catch (NumberFormatException | UnknownShardException ex) {
			return OptionalLong.empty();
		}
		byte[] presented = Base64.getUrlDecoder().decode(matcher.group(3));
		if (!MessageDigest.isEqual(presented, mac(userId, purpose, matcher.group(2)))) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(userId);
	}

	/**
	 * Uses the token, in the caller's transaction of the user's shard: it must be the
	 * user's, of the purpose, unused and unexpired, and is used from then on.
	 * @return what it was issued for, or empty when it cannot be used
	 */
	public Optional<Redeemed> redeem(String token, Purpose purpose) {
		Instant now = now();
		Optional<Redeemed> usable = usable(token, purpose, now, " FOR UPDATE");
		if (usable.isEmpty()) {
			return Optional.empty();
		}
		this.shards.jdbc()
			.sql("UPDATE account_token SET used_at = :now WHERE token_hash = :hash")
			.param("hash", digest(token))
			.param("now", AccountRepository.timestamp(now))
			.update();
		return usable;
	}

	/**
	 * Voids every unused token of the user, whatever its purpose, in the caller's
	 * transaction of the user's shard: links mailed to an address the owner took the
	 * account back from must not work any more.
	 * @return tokens voided
	 */
	public int voidAll(long userId) {
		return this.shards.jdbc()
			.sql("UPDATE account_token SET used_at = :now WHERE user_id = :userId AND used_at IS NULL")
			.param("userId", userId)
			.param("now", AccountRepository.timestamp(now()))
			.update();
	}

	/**
	 * What a token that could be used now was issued for, in the caller's transaction of
	 * the user's shard, without using it: for work that must happen elsewhere before the
	 * token is {@link #redeem redeemed}.
	 * @return what it was issued for, or empty when it cannot be used
	 */
	public Optional<Redeemed> peek(String token, Purpose purpose) {
		return usable(token, purpose, now(), "");
	}

	private Optional<Redeemed> usable(String token, Purpose purpose, Instant now, String lock) {
		OptionalLong userId = userOf(token, purpose);
		if (userId.isEmpty()) {
			return Optional.empty();
		}
		Optional<Stored> stored = this.shards.jdbc()
			.sql("SELECT user_id, purpose, email, expires_at, used_at FROM account_token WHERE token_hash = :hash"
					+ lock)
			.param("hash", digest(token))
			.query(AccountTokens::map)
			.optional();
		if (stored.isEmpty() || stored.get().userId() != userId.getAsLong()
				|| !stored.get().purpose().equals(purpose.value()) || stored.get().usedAt() != null
				|| !stored.get().expiresAt().isAfter(now)) {
			return Optional.empty();
		}
		return Optional.of(new Redeemed(stored.get().userId(), stored.get().email()));
	}

	/**
	 * Deletes the tokens of the current shard transaction that expired before the
	 * instant.
	 */
	int deleteExpiredBefore(Instant before) {
		return this.shards.jdbc()
			.sql("DELETE FROM account_token WHERE expires_at < :before")
			.param("before", AccountRepository.timestamp(before))
			.update();
	}

	private byte[] mac(long userId, Purpose purpose, String nonce) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			byte[] full = mac
				.doFinal((purpose.value() + "\n" + userId + "\n" + nonce).getBytes(StandardCharsets.UTF_8));
			return Arrays.copyOf(full, MAC_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Stored map(ResultSet rs, int row) throws SQLException {
		return new Stored(rs.getLong("user_id"), rs.getString("purpose"), rs.getString("email"),
				AccountRepository.instant(rs, "expires_at"), AccountRepository.instant(rs, "used_at"));
	}

	private record Stored(long userId, String purpose, String email, Instant expiresAt, Instant usedAt) {

	}

}
