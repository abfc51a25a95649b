package com.pixelgram.notification.subscription;

import java.util.List;

import com.pixelgram.id.JsonId;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's choice to hear of every new post of an author they follow: what a
 * celebrity's followers need, since a celebrity's posts notify only them.
 */
@RestController
class PostSubscriptionController {

	private final PostSubscriptions subscriptions;

	PostSubscriptionController(PostSubscriptions subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PutMapping("/v1/users/{id}/post-notifications")
	@Operation(summary = "Turns new-post notifications of an author on or off for the caller (idempotent). "
			+ "Turning them on needs a follow of the author, else 409 conflict: the caller may subscribe, "
			+ "but not in the follow graph's current state, which following first changes (not a 403: "
			+ "nothing is withheld from the caller). Turning them off is always allowed.")
	PostNotifications set(@PathVariable("id") long authorId, @Valid @RequestBody PostNotificationsRequest request) {
		long me = CurrentUser.id();
		if (authorId == me) {
			throw ApiException.validation("You cannot subscribe to your own posts.",
					List.of(new FieldViolation("id", "must be another user")));
		}
		this.subscriptions.set(authorId, me, request.enabled());
		return new PostNotifications(authorId, request.enabled());
	}

	@GetMapping("/v1/users/{id}/post-notifications")
	@Operation(summary = "Whether the caller gets new-post notifications of an author")
	PostNotifications get(@PathVariable("id") long authorId) {
		return new PostNotifications(authorId, this.subscriptions.isSubscribed(authorId, CurrentUser.id()));
	}

	/**
	 * @param enabled whether to notify the caller of the author's new posts
	 */
	record PostNotificationsRequest(@NotNull Boolean enabled) {

	}

	/**
	 * @param userId the author
	 * @param enabled whether the caller is notified of the author's new posts
	 */
	record PostNotifications(@JsonId long userId, boolean enabled) {

	}

}
