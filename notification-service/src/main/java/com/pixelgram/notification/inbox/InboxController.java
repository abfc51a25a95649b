package com.pixelgram.notification.inbox;

import com.pixelgram.web.Paging;
import com.pixelgram.web.PagingProperties;
import java.util.List;

import com.pixelgram.notification.NotificationProperties;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notifications: there is no way to name another user's. */
@RestController
class InboxController {

	private final InboxReader reader;

	private final NotificationViews views;

	private final NotificationProperties properties;

	private final PagingProperties pageDepth;

	InboxController(InboxReader reader, NotificationViews views, NotificationProperties properties,
			PagingProperties pageDepth) {
		this.reader = reader;
		this.views = views;
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	@GetMapping("/v1/notifications")
	@Operation(summary = "The caller's notifications, newest first; likes of one post grouped")
	ResponseEntity<Notifications> list(@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<InboxReader.Row> rows = this.reader.page(CurrentUser.id(), paging.offset(), paging.fetchSize());
		return ResponseEntity.ok()
			.headers(paging.linkHeaders(rows))
			.body(new Notifications(this.views.of(paging.trim(rows))));
	}

	@GetMapping("/v1/notifications/unread-count")
	@Operation(summary = "How many of the caller's notifications are unread (a like group counts once)")
	UnreadCount unreadCount() {
		return new UnreadCount(this.reader.unreadCount(CurrentUser.id()));
	}

	@PostMapping("/v1/notifications/read")
	@Operation(summary = "Marks the caller's notifications read: all, or those up to an ID")
	InboxReader.Marked markRead(@RequestBody(required = false) MarkRead request) {
		Long upTo = (request != null) ? request.parsedUpTo() : null;
		return this.reader.markRead(CurrentUser.id(), upTo);
	}

	/**
	 * @param upTo the newest notification ID to mark, or absent for all
	 */
	record MarkRead(String upTo) {

		Long parsedUpTo() {
			if (this.upTo == null) {
				return null;
			}
			try {
				return Long.parseLong(this.upTo.trim());
			}
			catch (NumberFormatException ex) {
				throw ApiException.validation("up_to is not a notification ID.",
						List.of(new FieldViolation("up_to", "must be a notification ID")));
			}
		}

	}

	/**
	 * @param unreadCount unread items
	 */
	record UnreadCount(long unreadCount) {

	}

	/**
	 * A page of the caller's notifications.
	 *
	 * @param notifications newest first
	 */
	record Notifications(List<NotificationItem> notifications) {

	}

}
