package com.pixelgram.user.deletion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccountDeletionTest extends UserIntegrationTest {

	/** Every user-service table of a shard and the columns that may hold a user ID. */
	private static final Map<String, List<String>> USER_COLUMNS = Map.ofEntries(Map.entry("users", List.of("id")),
			Map.entry("following", List.of("follower_id", "followee_id")),
			Map.entry("followers", List.of("followee_id", "follower_id")),
			Map.entry("block", List.of("blocker_id", "blocked_id")),
			Map.entry("blocked_by", List.of("blocked_id", "blocker_id")),
			Map.entry("mute", List.of("muter_id", "muted_id")),
			Map.entry("follow_request", List.of("followee_id", "requester_id")),
			Map.entry("refresh_token", List.of("user_id")), Map.entry("account_token", List.of("user_id")),
			Map.entry("mail_outbox", List.of("user_id")), Map.entry("data_export", List.of("user_id")));

	@Autowired
	Shards shards;

	@Autowired
	AccountErasure erasure;

	@Autowired
	DeletionProperties properties;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Test
	void deletesTheAccountAndErasesEveryRowOfItInEveryShard() {
		TestUser user = register();
		TestUser followed = register();
		TestUser follower = register();
		TestUser blocked = register();
		TestUser blocker = register();
		TestUser muter = register();
		TestUser privateAccount = register();
		api().post("/v1/users/" + followed.id() + "/follow", null, user.accessToken()).assertStatus(200);
		api().post("/v1/users/" + user.id() + "/follow", null, follower.accessToken()).assertStatus(200);
		api().post("/v1/users/" + blocked.id() + "/block", null, user.accessToken()).assertStatus(200);
		api().post("/v1/users/" + user.id() + "/block", null, blocker.accessToken()).assertStatus(200);
		api().post("/v1/users/" + user.id() + "/mute", null, muter.accessToken()).assertStatus(200);
		api().post("/v1/users/" + muter.id() + "/mute", null, user.accessToken()).assertStatus(200);
		api().put("/v1/users/" + privateAccount.id(), Api.json("is_private", true), privateAccount.accessToken())
			.assertStatus(200);
		api().post("/v1/users/" + privateAccount.id() + "/follow", null, user.accessToken()).assertStatus(200);
		api().post("/v1/users/me/export", null, user.accessToken()).assertStatus(202);
		assertThat(references(user.id())).anyMatch((reference) -> reference.endsWith(": data_export.user_id"));

		deleteAccount(user, user.password()).assertStatus(202);

		assertThat(this.redis.opsForZSet().score(this.keys.key("{revoked-access}"), "deleted:" + user.id()))
			.as("the gateways refuse its tokens until the last one expired")
			.isGreaterThan(Instant.now().plus(Duration.ofMinutes(15)).toEpochMilli());
		api().post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", user.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		api().get("/v1/users/" + user.id(), followed.accessToken()).assertProblem(404, "not-found");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(references(user.id())).isEmpty());
		assertThat(searchEntries(user.id())).isZero();
		assertThat(counts(followed)).containsExactly(0L, 0L);
		assertThat(counts(follower)).containsExactly(0L, 0L);
		assertThat(events(user.id(), "UserDeleted", "user_id")).isEqualTo(1);
		assertThat(events(user.id(), "FollowDeleted", "follower_id")).isEqualTo(1);
		assertThat(events(follower.id(), "FollowDeleted", "follower_id")).isEqualTo(1);
		assertThat(events(user.id(), "UserUnblocked", "blocker_id")).isEqualTo(1);
		assertThat(events(blocker.id(), "UserUnblocked", "blocker_id")).isEqualTo(1);
		assertThat(events(muter.id(), "UserUnmuted", "muter_id")).isEqualTo(1);
		assertThat(events(user.id(), "UserUnmuted", "muter_id")).isEqualTo(1);
	}

	@Test
	void aWrongOrMissingPasswordIsAProblemAndDeletesNothing() {
		TestUser user = register();

		deleteAccount(user, "not the password").assertProblem(403, "wrong-password");
		api().send(HttpMethod.DELETE, "/v1/users/me", "{}", user.accessToken(), Map.of())
			.assertProblem(400, "validation");
		api().send(HttpMethod.DELETE, "/v1/users/me", null, user.accessToken(), Map.of()).assertStatus(400);
		// a lone surrogate has no UTF-8 form for the password hash: refused, not a 500
		api()
			.send(HttpMethod.DELETE, "/v1/users/me", "{\"password\":\"pass\\ud800word\"}", user.accessToken(), Map.of())
			.assertProblem(400, "validation");
		api().send(HttpMethod.DELETE, "/v1/users/me", Api.json("password", user.password()), null, Map.of())
			.assertProblem(401, "unauthorized");

		api().post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null)
			.assertStatus(200);
		assertThat(events(user.id(), "UserDeleted", "user_id")).isZero();
	}

	@Test
	void aRepeatedDeletionChangesNothingAndPublishesOnce() {
		TestUser user = register();

		deleteAccount(user, user.password()).assertStatus(202);
		deleteAccount(user, user.password()).assertStatus(202);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(references(user.id())).isEmpty());
		deleteAccount(user, user.password()).assertStatus(202);
		assertThat(this.erasure.erase(user.id())).isFalse();

		assertThat(events(user.id(), "UserDeleted", "user_id")).isEqualTo(1);
	}

	@Test
	void theSweepFinishesAnErasureAndTheUsernameIsFreeOnlyAfterTheCoolingOff() {
		TestUser user = register();
		// Marked deleted as the endpoint does, without its erasure: as after a crash.
		this.shards.write(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE users SET deleted_at = now() WHERE id = :id")
					.param("id", user.id())
					.update());

		this.erasure.sweep(Instant.now());

		assertThat(references(user.id())).isEmpty();
		HttpReply taken = register(user.username());
		taken.assertProblem(409, "conflict");
		this.erasure.sweep(Instant.now().plus(this.properties.coolingOff()).minusSeconds(60));
		register(user.username()).assertProblem(409, "conflict");

		this.erasure.sweep(Instant.now().plus(this.properties.coolingOff()).plusSeconds(60));

		register(user.username()).assertStatus(201);
		assertThat(this.properties.coolingOff()).isEqualTo(Duration.ofDays(30));
	}

	private HttpReply deleteAccount(TestUser user, String password) {
		return api().send(HttpMethod.DELETE, "/v1/users/me", Api.json("password", password), user.accessToken(),
				Map.of());
	}

	private HttpReply register(String username) {
		return api().post("/v1/auth/register", Api.json("username", username, "email",
				TestUsers.uniqueName("again") + "@example.com", "password", TestUsers.PASSWORD), null);
	}

	/** Every row of any shard that names the user, as "table.column". */
	private List<String> references(long userId) {
		List<String> found = new java.util.ArrayList<>();
		for (int shard = 0; shard < this.shards.count(); shard++) {
			int current = shard;
			USER_COLUMNS.forEach((table, columns) -> {
				for (String column : columns) {
					long rows = this.shards.read(current,
							() -> this.shards.jdbc()
								.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :id")
								.param("id", userId)
								.query(Long.class)
								.single());
					if (rows > 0) {
						found.add("shard " + current + ": " + table + "." + column);
					}
				}
			});
		}
		return found;
	}

	private long searchEntries(long userId) {
		return this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT count(*) FROM user_search WHERE user_id = :id")
			.param("id", userId)
			.query(Long.class)
			.single());
	}

	/** {followers_count, following_count} of the user's row. */
	private List<Long> counts(TestUser user) {
		return this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT followers_count, following_count FROM users WHERE id = :id")
					.param("id", user.id())
					.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
					.single());
	}

	private long events(long actorId, String type, String actorField) {
		return this.shards.read(IdGenerator.shardOf(actorId),
				() -> this.shards.jdbc()
					.sql("SELECT count(DISTINCT event_id) FROM outbox.message WHERE event_type = :type "
							+ "AND payload -> 'payload' ->> '" + actorField + "' = :actor")
					.param("type", type)
					.param("actor", Long.toString(actorId))
					.query(Long.class)
					.single());
	}

}
