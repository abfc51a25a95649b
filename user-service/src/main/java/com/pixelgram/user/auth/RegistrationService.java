package com.pixelgram.user.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.pixelgram.events.UserRegistered;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.profile.UserProfile;
import com.pixelgram.user.search.SearchIndex;
import com.pixelgram.user.token.TokenPair;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Creates accounts without a transaction across databases: the username and email are
 * reserved in the global directory first (the unique constraints decide races), then the
 * account row, its {@code UserRegistered} event and the first refresh token commit in the
 * user's shard, with the verification mail in its outbox; if that fails the reservation
 * is released. Last, the reservation is confirmed and the user becomes searchable; if
 * that step is lost, the sweeper does it.
 */
@Service
class RegistrationService {

	private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);

	private final Shards shards;

	private final IdGenerator ids;

	private final Directory directory;

	private final AccountRepository accounts;

	private final SearchIndex searchIndex;

	private final TokenService tokens;

	private final EventPublisher events;

	private final PasswordHasher passwords;

	private final EmailVerificationService verifications;

	RegistrationService(Shards shards, IdGenerator ids, Directory directory, AccountRepository accounts,
			SearchIndex searchIndex, TokenService tokens, EventPublisher events, PasswordHasher passwords,
			EmailVerificationService verifications) {
		this.verifications = verifications;
		this.shards = shards;
		this.ids = ids;
		this.directory = directory;
		this.accounts = accounts;
		this.searchIndex = searchIndex;
		this.tokens = tokens;
		this.events = events;
		this.passwords = passwords;
	}

	AuthResponse register(AuthRequests.Register request, String userAgent) {
		// Hashing first: it is the slow part, and a reservation should not wait on it.
		String passwordHash = this.passwords.encode(request.password());
		String fullName = emptyToNull(request.fullName());
		int shard = this.shards.shardForNewOwner();
		long userId = this.ids.nextId(shard);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		reserve(userId, request.username(), request.email());
		Account account = new Account(userId, request.username(), request.email(), passwordHash, fullName, null, null,
				false, 0, 0, 0, now, now, false);
		TokenPair tokens;
		try {
			tokens = this.shards.write(shard, () -> {
				this.accounts.insert(account);
				this.events.publish(new UserRegistered(userId, account.username(), fullName, now));
				this.verifications.start(account);
				return this.tokens.issue(userId, userAgent);
			});
		}
		catch (RuntimeException ex) {
			release(userId);
			throw ex;
		}
		complete(account);
		return AuthResponse.of(UserProfile.own(account), tokens);
	}

	/** Confirms the reservation and indexes the account for search. */
	void complete(Account account) {
		try {
			this.shards.writeGlobal(() -> {
				this.directory.confirm(account.id());
				this.searchIndex.put(account.id(), account.username(), account.fullName(), account.profileImageUrl());
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Registration of user {} not confirmed yet, the sweeper will: {}", account.id(), ex.toString());
		}
	}

	private void reserve(long userId, String username, String email) {
		try {
			this.shards.writeGlobal(() -> {
				this.directory.reserve(userId, username, email);
				return null;
			});
		}
		catch (DuplicateKeyException ex) {
			String field = Directory.conflictOf(ex).orElse("username");
			throw ApiException.conflict("That " + field + " is already registered.")
				.property("errors", List.of(new FieldViolation(field, "is already registered")));
		}
	}

	private void release(long userId) {
		try {
			this.shards.writeGlobal(() -> {
				this.directory.release(userId);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Reservation of user {} not released, the sweeper will: {}", userId, ex.toString());
		}
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
