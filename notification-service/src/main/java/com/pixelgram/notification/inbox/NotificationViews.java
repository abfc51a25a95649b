package com.pixelgram.notification.inbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.notification.clients.PostServiceClient;
import com.pixelgram.notification.clients.UserProfile;
import com.pixelgram.notification.clients.UserServiceClient;

import org.springframework.stereotype.Component;

/**
 * Turns stored rows into list items: actors from one batch call to user-service, missing
 * thumbnails from one batch call to post-service (never for a notification whose post its
 * recipient may not see). Either may fail; the items are then shown without usernames or
 * thumbnails rather than not at all.
 */
@Component
class NotificationViews {

	private final UserServiceClient users;

	private final PostServiceClient posts;

	NotificationViews(UserServiceClient users, PostServiceClient posts) {
		this.users = users;
		this.posts = posts;
	}

	List<NotificationItem> of(List<InboxReader.Row> rows) {
		Set<Long> actorIds = new HashSet<>();
		Set<Long> postsWithoutThumbnail = new HashSet<>();
		for (InboxReader.Row row : rows) {
			actorIds.addAll(row.actorIds());
			if (row.postId() != null && row.thumbnailUrl() == null && !row.mediaWithheld()) {
				postsWithoutThumbnail.add(row.postId());
			}
		}
		Map<Long, UserProfile> profiles = this.users.profilesIfAvailable(actorIds);
		Map<Long, String> thumbnails = postsWithoutThumbnail.isEmpty() ? Map.of()
				: this.posts.thumbnailsIfAvailable(postsWithoutThumbnail);
		List<NotificationItem> items = new ArrayList<>(rows.size());
		for (InboxReader.Row row : rows) {
			items.add(item(row, profiles, thumbnails));
		}
		return items;
	}

	private static NotificationItem item(InboxReader.Row row, Map<Long, UserProfile> profiles,
			Map<Long, String> thumbnails) {
		List<NotificationItem.Actor> actors = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (long actorId : row.actorIds()) {
			UserProfile profile = profiles.get(actorId);
			actors.add(new NotificationItem.Actor(actorId, (profile != null) ? profile.username() : null,
					(profile != null) ? profile.profileImageUrl() : null));
			names.add((profile != null) ? profile.username() : null);
		}
		boolean group = row.type() == NotificationType.LIKE;
		NotificationItem.PostRef post = (row.postId() != null)
				? new NotificationItem.PostRef(row.postId(),
						row.mediaWithheld() ? null
								: (row.thumbnailUrl() != null) ? row.thumbnailUrl() : thumbnails.get(row.postId()))
				: null;
		return new NotificationItem(row.notificationId(), row.type(), actors.get(0), group ? actors : null,
				group ? row.actorCount() : null, group ? row.actorCount() - 1 : null, post, row.commentText(),
				Summaries.of(row.type(), names, row.actorCount(), row.commentText()), row.createdAt(), row.read(),
				row.exportId());
	}

}
