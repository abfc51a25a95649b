package com.pixelgram.user.search;

import java.util.ArrayList;
import java.util.List;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.user.follow.Safety;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Finds users by username or full name. */
@RestController
class SearchController {

	private final SearchRepository repository;

	private final SearchProperties properties;

	private final Safety safety;

	SearchController(SearchRepository repository, SearchProperties properties, Safety safety) {
		this.repository = repository;
		this.properties = properties;
		this.safety = safety;
	}

	@GetMapping("/v1/users/search")
	@Operation(summary = "Search users: exact username, then prefixes, then similar names")
	SearchResults search(@RequestParam("q") String query,
			@RequestParam(name = "limit", required = false) Integer limit) {
		List<FieldViolation> errors = new ArrayList<>();
		if (query.isBlank()) {
			errors.add(new FieldViolation("q", "must not be empty"));
		}
		else if (query.length() > this.properties.maxQueryLength()) {
			errors.add(new FieldViolation("q", "must be at most " + this.properties.maxQueryLength() + " characters"));
		}
		else if (query.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldViolation("q", "must not contain control characters"));
		}
		int size = (limit != null) ? limit : this.properties.defaultLimit();
		if (size < 1 || size > this.properties.maxLimit()) {
			errors.add(new FieldViolation("limit", "must be between 1 and " + this.properties.maxLimit()));
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation("The search request has invalid parameters.", errors);
		}
		String normalized = SearchText.normalize(query);
		if (normalized.isEmpty()) {
			return new SearchResults(List.of());
		}
		return new SearchResults(this.repository.search(normalized, this.safety.hiddenFrom(CurrentUser.id()), size));
	}

	/** The answer of a search, best match first. */
	record SearchResults(List<UserSummary> users) {

	}

}
