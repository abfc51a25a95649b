package com.pixelgram.user.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.pixelgram.user.account.AccountRules;
import jakarta.validation.GroupSequence;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The editable fields of a profile, and nothing else: an {@code id}, a count or a
 * verification flag in the body has nowhere to go. A field left out (or null) keeps its
 * value; an empty string clears an optional one. Sizes are checked before patterns
 * ({@link AccountRules.Content}).
 *
 * @param username a new username, same rules as at registration
 * @param fullName display name, at most 60 characters
 * @param bio at most 150 characters, line feeds allowed
 * @param profileImageUrl an https URL
 * @param isPrivate whether only approved followers see the user's posts: following the
 * user becomes a request they approve or reject
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@GroupSequence({ UpdateProfileRequest.class, AccountRules.Content.class })
record UpdateProfileRequest(
		@Size(max = 30, message = AccountRules.USERNAME_RULE) @Pattern(regexp = AccountRules.USERNAME_PATTERN,
				message = AccountRules.USERNAME_RULE, groups = AccountRules.Content.class) String username,
		@Size(max = 60) @Pattern(regexp = AccountRules.SINGLE_LINE, message = AccountRules.NO_CONTROL_CHARACTERS,
				groups = AccountRules.Content.class) String fullName,
		@Size(max = 150) @Pattern(regexp = AccountRules.MULTI_LINE, message = AccountRules.NO_CONTROL_CHARACTERS,
				groups = AccountRules.Content.class) String bio,
		@Size(max = 500) @Pattern(regexp = AccountRules.IMAGE_URL, message = "must be an https URL",
				groups = AccountRules.Content.class) String profileImageUrl,
		Boolean isPrivate) {

}
