package com.pixelgram.user.profile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import com.pixelgram.events.AccountPrivacyChanged;
import com.pixelgram.events.UserUpdated;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.AccountRules;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.follow.FollowGraph;
import com.pixelgram.user.follow.Safety;
import com.pixelgram.user.search.SearchIndex;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Reads and edits profiles. */
@Service
class ProfileService {

	private static final Logger log = LoggerFactory.getLogger(ProfileService.class);

	private final Shards shards;

	private final AccountReader reader;

	private final AccountRepository accounts;

	private final Directory directory;

	private final SearchIndex searchIndex;

	private final FollowGraph follows;

	private final EventPublisher events;

	private final Safety safety;

	ProfileService(Shards shards, AccountReader reader, AccountRepository accounts, Directory directory,
			SearchIndex searchIndex, FollowGraph follows, EventPublisher events, Safety safety) {
		this.safety = safety;
		this.shards = shards;
		this.reader = reader;
		this.accounts = accounts;
		this.directory = directory;
		this.searchIndex = searchIndex;
		this.follows = follows;
		this.events = events;
	}

	/**
	 * A user's profile as the viewer sees it (from the cache when it is there); a user
	 * blocked either way does not exist for the viewer.
	 */
	public UserProfile view(long userId, long viewerId) {
		if (userId == viewerId) {
			return me(userId);
		}
		if (this.safety.blockedEitherWay(viewerId, userId)) {
			throw notFound();
		}
		return this.reader.findPublic(userId)
			.map((account) -> UserProfile.of(account, this.follows.isFollowing(viewerId, userId)))
			.orElseThrow(ProfileService::notFound);
	}

	/** The caller's own profile, email included, always fresh. */
	public UserProfile me(long userId) {
		return this.reader.find(userId).map(UserProfile::own).orElseThrow(ProfileService::notFound);
	}

	/**
	 * Changes the caller's own profile.
	 * <p>
	 * A new username is re-reserved in the global directory first (a taken one is a 409
	 * and nothing changes), then the row and its {@code UserUpdated} event commit in the
	 * shard; if that fails the directory gets the old name back.
	 */
	UserProfile update(long userId, long callerId, UpdateProfileRequest request) {
		if (userId != callerId) {
			throw ApiException.forbidden("You can only change your own profile.");
		}
		Account current = this.reader.find(userId).orElseThrow(ProfileService::notFound);
		String username = (request.username() != null) ? request.username() : current.username();
		String fullName = (request.fullName() != null) ? emptyToNull(request.fullName().strip()) : current.fullName();
		String bio = (request.bio() != null) ? emptyToNull(request.bio().strip()) : current.bio();
		String imageUrl = (request.profileImageUrl() != null) ? emptyToNull(request.profileImageUrl())
				: current.profileImageUrl();
		boolean isPrivate = (request.isPrivate() != null) ? request.isPrivate() : current.isPrivate();
		if (username.equals(current.username()) && Objects.equals(fullName, current.fullName())
				&& Objects.equals(bio, current.bio()) && Objects.equals(imageUrl, current.profileImageUrl())
				&& isPrivate == current.isPrivate()) {
			return UserProfile.own(current);
		}
		boolean rename = !AccountRules.key(username).equals(AccountRules.key(current.username()));
		if (rename) {
			try {
				this.shards.writeGlobal(() -> {
					this.directory.changeUsername(userId, username);
					return null;
				});
			}
			catch (DuplicateKeyException ex) {
				throw ApiException.conflict("That username is already taken.")
					.property("errors", List.of(new FieldViolation("username", "is already taken")));
			}
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Account updated;
		try {
			updated = this.shards.write(this.shards.shardOf(userId), () -> {
				this.accounts.updateProfile(userId, username, fullName, bio, imageUrl, isPrivate, now);
				Account account = this.accounts.find(userId).orElseThrow(ProfileService::notFound);
				this.events
					.publish(new UserUpdated(userId, username, fullName, imageUrl, account.followersCount(), now));
				if (isPrivate != current.isPrivate()) {
					this.events.publish(new AccountPrivacyChanged(userId, isPrivate, now));
				}
				return account;
			});
		}
		catch (RuntimeException ex) {
			if (rename) {
				restoreUsername(userId, current.username());
			}
			throw ex;
		}
		try {
			this.shards.writeGlobal(() -> {
				this.searchIndex.put(userId, username, fullName, imageUrl);
				return null;
			});
		}
		catch (RuntimeException ex) {
			// The profile changed; search shows the old name until the next change.
			log.warn("Search entry of user {} not updated: {}", userId, ex.toString());
		}
		this.reader.evict(userId);
		return UserProfile.own(updated);
	}

	private void restoreUsername(long userId, String username) {
		try {
			this.shards.writeGlobal(() -> {
				this.directory.changeUsername(userId, username);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.error("User {} keeps a new username reserved that the profile does not carry: {}", userId,
					ex.toString());
		}
	}

	private static String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	private static ApiException notFound() {
		return ApiException.notFound("There is no such user.");
	}

}
