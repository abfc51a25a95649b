package com.pixelgram.notification.inbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.pixelgram.events.FollowCreated;
import com.pixelgram.notification.NotificationIntegrationTest;
import com.pixelgram.notification.support.HttpReply;
import com.pixelgram.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class InboxApiTest extends NotificationIntegrationTest {

	@Test
	void countsUnreadAndMarksReadUpToAnIdThenAll() {
		long me = user("reader");
		followedBy(me, 3);
		JsonNode list = awaitNotifications(me, 3);
		assertThat(unreadCount(me)).isEqualTo(3);
		String middle = list.get(1).path("notification_id").asString();

		JsonNode marked = api().post("/v1/notifications/read", "{\"up_to\": \"" + middle + "\"}", token(me))
			.assertStatus(200);

		assertThat(marked.path("marked_read").asInt()).isEqualTo(2);
		assertThat(marked.path("unread_count").asInt()).isEqualTo(1);
		assertThat(unreadCount(me)).isEqualTo(1);
		JsonNode after = notifications(me);
		assertThat(after.get(0).path("read").asBoolean()).isFalse();
		assertThat(after.get(1).path("read").asBoolean()).isTrue();
		assertThat(after.get(2).path("read").asBoolean()).isTrue();

		api().post("/v1/notifications/read", null, token(me)).assertStatus(200);

		assertThat(unreadCount(me)).isZero();
		assertThat(notifications(me)).allSatisfy((item) -> assertThat(item.path("read").asBoolean()).isTrue());
	}

	@Test
	void refusesAnUpToThatIsNoId() {
		long me = user("reader");

		JsonNode problem = api().post("/v1/notifications/read", "{\"up_to\": \"latest\"}", token(me))
			.assertProblem(400, "validation");

		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("up_to");
	}

	@Test
	void pagesNewestFirstWithALinkToTheNextPage() {
		long me = user("popular");
		List<Long> followers = followedBy(me, 5);
		awaitNotifications(me, 5);

		HttpReply first = api().get("/v1/notifications?page=1&limit=2", token(me));
		HttpReply second = api().get("/v1/notifications?page=2&limit=2", token(me));
		HttpReply last = api().get("/v1/notifications?page=3&limit=2", token(me));

		assertThat(first.assertStatus(200).path("notifications")).hasSize(2);
		assertThat(first.headers().getFirst("Link")).contains("page=2").contains("limit=2").endsWith("rel=\"next\"");
		assertThat(second.headers().getFirst("Link")).contains("page=3");
		assertThat(last.assertStatus(200).path("notifications")).hasSize(1);
		assertThat(last.headers().getFirst("Link")).isNull();
		List<String> actors = new ArrayList<>();
		for (HttpReply page : List.of(first, second, last)) {
			page.json()
				.path("notifications")
				.forEach((item) -> actors.add(item.path("actor").path("user_id").asString()));
		}
		List<String> newestFirst = new ArrayList<>(followers.stream().map(String::valueOf).toList());
		Collections.reverse(newestFirst);
		assertThat(actors).containsExactlyElementsOf(newestFirst);
	}

	@Test
	void refusesBadPagingWithAValidationProblem() {
		String token = token(user("pager"));

		api().get("/v1/notifications?page=0", token).assertProblem(400, "validation");
		api().get("/v1/notifications?limit=0", token).assertProblem(400, "validation");
		api().get("/v1/notifications?limit=101", token).assertProblem(400, "validation");
		assertThat(api().get("/v1/notifications?limit=many", token).status()).isEqualTo(400);
		assertThat(api().get("/v1/notifications?limit=100", token).status()).isEqualTo(200);
	}

	@Test
	void refusesAPagePastTheDeepestOffsetNamingTheLimit() {
		String token = token(user("deep"));

		assertThat(api().get("/v1/notifications?page=501&limit=20", token).status()).isEqualTo(200);
		HttpReply tooDeep = api().get("/v1/notifications?page=502&limit=20", token);

		JsonNode problem = tooDeep.assertProblem(400, "page-too-deep");
		assertThat(problem.path("max_offset").asLong()).isEqualTo(10_000);
		assertThat(problem.path("max_page").asLong()).isEqualTo(501);
		assertThat(problem.path("detail").asString()).contains("Narrow the query");
	}

	@Test
	void storesNotificationsInTheRecipientsShardOnItsDatabase() throws SQLException {
		long me = user("sharded", 6, 0);
		followedBy(me, 1);
		awaitNotifications(me, 1);

		// Shards 0-3 live on the first database, 4-7 on the second.
		assertThat(count(databases.get(1), "shard_0006", me)).isEqualTo(1);
		for (int shard = 0; shard < 8; shard++) {
			if (shard != 6) {
				assertThat(count(databases.get(shard / 4), String.format("shard_%04d", shard), me)).isZero();
			}
		}
	}

	@Test
	void theListIsAlwaysTheCallersOwn() {
		long alice = user("alice");
		long mallory = user("mallory");
		followedBy(alice, 2);
		awaitNotifications(alice, 2);

		assertThat(notifications(mallory)).isEmpty();
		assertThat(unreadCount(mallory)).isZero();
		api().post("/v1/notifications/read", null, token(mallory)).assertStatus(200);
		assertThat(unreadCount(alice)).isEqualTo(2);
		assertThat(
				api().get("/v1/notifications?user_id=" + alice, token(mallory)).assertStatus(200).path("notifications"))
			.isEmpty();
	}

	@Test
	void requiresAToken() {
		api().get("/v1/notifications", null).assertProblem(401, "unauthorized");
		api().get("/v1/notifications/unread-count", null).assertProblem(401, "unauthorized");
	}

	@Test
	void stillListsNotificationsWhenUserServiceIsDown() {
		long me = user("resilient");
		long follower = followedBy(me, 1).get(0);
		awaitNotifications(me, 1);

		SERVICES.down(true);
		try {
			JsonNode item = notifications(me).get(0);

			assertThat(item.path("actor").path("user_id").asString()).isEqualTo(Long.toString(follower));
			assertThat(item.path("actor").has("username")).isFalse();
			assertThat(item.path("summary").asString()).isEqualTo("Someone started following you");
		}
		finally {
			SERVICES.down(false);
		}
	}

	private List<Long> followedBy(long followee, int count) {
		List<Long> followers = new ArrayList<>();
		Instant start = Instant.now().minusSeconds(60);
		for (int i = 0; i < count; i++) {
			long follower = user("follower" + i);
			followers.add(follower);
			publish(new FollowCreated(follower, followee, i + 1, start.plusSeconds(i)));
			// One at a time, so that the notifications' order is the followers' order.
			awaitNotifications(followee, i + 1);
		}
		return followers;
	}

	private long unreadCount(long userId) {
		return api().get("/v1/notifications/unread-count", token(userId))
			.assertStatus(200)
			.path("unread_count")
			.asLong();
	}

	private static long count(TestDatabase database, String schema, long recipient) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM " + schema + ".notification WHERE recipient_id = ?")) {
			statement.setLong(1, recipient);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
