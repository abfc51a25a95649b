package com.pixelgram.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.profile.UserProfile;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import com.pixelgram.web.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Checks credentials. An unknown login name costs the same Argon2 verification as a wrong
 * password (against a dummy hash) and gets the same answer, so neither the body nor the
 * time tells whether an account exists. Repeated failures from one address refuse that
 * address for the account for a while ({@link LoginThrottle}).
 */
@Service
class LoginService {

	private final Shards shards;

	private final Directory directory;

	private final AccountReader reader;

	private final TokenService tokens;

	private final PasswordHasher passwords;

	private final LoginThrottle throttle;

	private final String dummyHash;

	LoginService(Shards shards, Directory directory, AccountReader reader, TokenService tokens, PasswordEncoder encoder,
			PasswordHasher passwords, LoginThrottle throttle) {
		this.shards = shards;
		this.directory = directory;
		this.reader = reader;
		this.tokens = tokens;
		this.passwords = passwords;
		this.throttle = throttle;
		this.dummyHash = encoder.encode("not-a-password-anyone-has");
	}

	/**
	 * @param request the credentials
	 * @param clientIp the caller's address, which the throttle counts failures of
	 * @param userAgent the client's {@code User-Agent}, shown in the list of sessions
	 */
	AuthResponse login(AuthRequests.Login request, String clientIp, String userAgent) {
		String identifier = request.identifier();
		if (identifier == null) {
			throw ApiException.validation("A username or an email is required.",
					List.of(new FieldViolation("username", "a username or an email is required")));
		}
		OptionalLong userId = this.shards.readGlobal(() -> identifier.contains("@")
				? this.directory.findByEmail(identifier) : this.directory.findByUsername(identifier));
		String subject = userId.isPresent() ? "user:" + userId.getAsLong() : "name:" + digest(identifier);
		OptionalLong blockedFor = this.throttle.blockedFor(subject, clientIp);
		if (blockedFor.isPresent()) {
			throw new ApiException(ProblemType.RATE_LIMITED, "Too many failed logins. Try again later.")
				.header(HttpHeaders.RETRY_AFTER, Long.toString(blockedFor.getAsLong()));
		}
		Optional<Account> account = userId.isPresent() ? this.reader.find(userId.getAsLong()) : Optional.empty();
		String hash = account.map(Account::passwordHash).orElse(this.dummyHash);
		boolean matches = this.passwords.matches(request.password(), hash);
		if (account.isEmpty() || !matches) {
			this.throttle.recordFailure(subject, clientIp);
			throw new ApiException(ProblemType.UNAUTHORIZED, "The username, email or password is wrong.");
		}
		this.throttle.reset(subject, clientIp);
		return AuthResponse.of(UserProfile.own(account.get()), this.tokens.issue(account.get().id(), userAgent));
	}

	/** A login name as a throttle key: case-insensitive, and no email in Redis. */
	private static String digest(String identifier) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(identifier.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
