package com.pixelgram.user.serviceapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.pixelgram.id.JsonId;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.PublicAccount;
import com.pixelgram.user.follow.FollowGraph;
import com.pixelgram.user.follow.IdPage;
import com.pixelgram.user.follow.Safety;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Batch reads for the other services (feed, notifications, posts). common-lib's filter
 * lets only calls carrying the internal token reach these; the gateway never routes them.
 */
@RestController
class InternalUserController {

	static final int MAX_IDS = 100;

	private final AccountReader reader;

	private final FollowGraph graph;

	private final InternalProperties properties;

	private final Safety safety;

	InternalUserController(AccountReader reader, FollowGraph graph, Safety safety, InternalProperties properties) {
		this.reader = reader;
		this.graph = graph;
		this.safety = safety;
		this.properties = properties;
	}

	@GetMapping("/internal/users")
	@Operation(summary = "Profiles of up to 100 users in one call, by ID or by username; unknown ones are left out",
			description = "Exactly one of ids and usernames. usernames are matched ignoring case (mentions in "
					+ "post-service); the profiles come in the order asked.")
	Profiles profiles(@RequestParam(name = "ids", required = false) List<Long> ids,
			@RequestParam(name = "usernames", required = false) List<String> usernames) {
		if (usernames != null && ids == null) {
			return byUsernames(usernames);
		}
		if (ids == null || ids.isEmpty() || ids.size() > MAX_IDS || usernames != null) {
			throw ApiException.validation("Between 1 and " + MAX_IDS + " IDs are required.",
					List.of(new FieldViolation("ids", "must hold between 1 and " + MAX_IDS + " IDs")));
		}
		return new Profiles(this.reader.findAllPublic(new ArrayList<>(new LinkedHashSet<>(ids)))
			.stream()
			.map(Profile::of)
			.toList());
	}

	private Profiles byUsernames(List<String> usernames) {
		List<String> names = usernames.stream().filter((name) -> !name.isBlank()).distinct().toList();
		if (names.isEmpty() || names.size() > MAX_IDS) {
			throw ApiException.validation("Between 1 and " + MAX_IDS + " usernames are required.",
					List.of(new FieldViolation("usernames", "must hold between 1 and " + MAX_IDS + " usernames")));
		}
		return new Profiles(this.reader.findAllPublicByUsername(names).stream().map(Profile::of).toList());
	}

	@GetMapping("/internal/users/{id}/followers")
	@Operation(summary = "A page of follower IDs after a cursor, in ID order (fanout)")
	IdList followers(@PathVariable("id") long id, @RequestParam(name = "after", required = false) Long after,
			@RequestParam(name = "limit", required = false) Integer limit) {
		return IdList.of(this.graph.followerIds(id, cursor(after), size(limit)));
	}

	@GetMapping("/internal/users/{id}/following")
	@Operation(summary = "A page of followed user IDs after a cursor, in ID order (feed rebuild)")
	IdList following(@PathVariable("id") long id, @RequestParam(name = "after", required = false) Long after,
			@RequestParam(name = "limit", required = false) Integer limit) {
		return IdList.of(this.graph.followingIds(id, cursor(after), size(limit)));
	}

	@GetMapping("/internal/users/{id}/muted")
	@Operation(summary = "A page of the IDs the user muted after a cursor, in ID order (a feed pulled without Redis)")
	IdList muted(@PathVariable("id") long id, @RequestParam(name = "after", required = false) Long after,
			@RequestParam(name = "limit", required = false) Integer limit) {
		return IdList.of(this.safety.mutedIds(id, cursor(after), size(limit)));
	}

	private static long cursor(Long after) {
		return (after != null) ? after : Long.MIN_VALUE;
	}

	private int size(Integer limit) {
		int size = (limit != null) ? limit : this.properties.defaultPageSize();
		if (size < 1 || size > this.properties.maxPageSize()) {
			throw ApiException.validation("The limit is out of range.",
					List.of(new FieldViolation("limit", "must be between 1 and " + this.properties.maxPageSize())));
		}
		return size;
	}

	/** Profiles in the order asked. */
	record Profiles(List<Profile> users) {

	}

	/**
	 * A public profile, named as in the public API.
	 *
	 * @param userId the user ID
	 * @param username the username
	 * @param fullName display name
	 * @param bio short text
	 * @param profileImageUrl avatar URL
	 * @param followersCount number of followers (feed's celebrity threshold)
	 * @param followingCount number of followed users
	 * @param postsCount number of posts
	 * @param createdAt when the account was created
	 */
	record Profile(@JsonId long userId, String username, String fullName, String bio, String profileImageUrl,
			long followersCount, long followingCount, long postsCount, Instant createdAt) {

		static Profile of(PublicAccount account) {
			return new Profile(account.id(), account.username(), account.fullName(), account.bio(),
					account.profileImageUrl(), account.followersCount(), account.followingCount(), account.postsCount(),
					account.createdAt());
		}

	}

	/**
	 * A page of user IDs, as strings like every ID in the API.
	 *
	 * @param userIds the IDs
	 * @param nextAfter the {@code after} of the next page, or absent after the last one
	 */
	record IdList(List<String> userIds, String nextAfter) {

		static IdList of(IdPage page) {
			return new IdList(page.ids().stream().map(String::valueOf).toList(),
					(page.nextAfter() != null) ? page.nextAfter().toString() : null);
		}

	}

}
