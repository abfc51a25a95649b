package com.pixelgram.user.profile;

import java.time.Duration;
import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Test
	void showsTheCallerTheirOwnProfileWithEmail() {
		TestUser user = register();

		JsonNode me = api().get("/v1/users/me", user.accessToken()).assertStatus(200);

		assertThat(me.path("user_id").asString()).isEqualTo(Long.toString(user.id()));
		assertThat(me.path("username").asString()).isEqualTo(user.username());
		assertThat(me.path("email").asString()).isEqualTo(user.email());
		assertThat(me.path("is_following").asBoolean()).isFalse();
		assertThat(me.has("created_at")).isTrue();
		assertThat(me.has("password_hash")).isFalse();
	}

	@Test
	void showsSomeoneElsesProfileWithoutEmailAndWithWhetherTheCallerFollows() {
		TestUser viewer = register();
		TestUser owner = register();
		// As post-service's events would have left it (see PostCountTest).
		this.shards.write(IdGenerator.shardOf(owner.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE users SET posts_count = 3 WHERE id = :id")
					.param("id", owner.id())
					.update());

		JsonNode before = api().get("/v1/users/" + owner.id(), viewer.accessToken()).assertStatus(200);
		api().post("/v1/users/" + owner.id() + "/follow", null, viewer.accessToken()).assertStatus(200);
		JsonNode after = api().get("/v1/users/" + owner.id(), viewer.accessToken()).assertStatus(200);

		assertThat(before.path("username").asString()).isEqualTo(owner.username());
		assertThat(before.has("email")).isFalse();
		assertThat(before.path("is_following").asBoolean()).isFalse();
		assertThat(before.path("followers_count").asLong()).isZero();
		assertThat(before.path("posts_count").asLong()).isEqualTo(3);
		assertThat(after.path("is_following").asBoolean()).isTrue();
		assertThat(after.path("followers_count").asLong()).isEqualTo(1);
		assertThat(after.path("posts_count").asLong()).isEqualTo(3);
	}

	@Test
	void answersAnUnknownUserWithNotFoundAndANonNumericIdWithBadRequest() {
		TestUser viewer = register();
		long unknown = Long.parseLong(Long.toString(viewer.id()).substring(0, 5) + "1234567");

		api().get("/v1/users/" + (viewer.id() + 1), viewer.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/" + unknown, viewer.accessToken()).assertStatus(404);
		api().get("/v1/users/abc", viewer.accessToken()).assertProblem(400, "validation");
		api().get("/v1/users/" + viewer.id(), null).assertProblem(401, "unauthorized");
	}

	@Test
	void changesTheCallersOwnProfileAndPublishesUserUpdated() {
		TestUser user = register();
		String newName = TestUsers.uniqueName("Renamed");

		JsonNode updated = api()
			.put("/v1/users/" + user.id(),
					Api.json("username", newName, "full_name", "Grace Hopper", "bio", "Line one\nline two",
							"profile_image_url", "https://cdn.example.com/a.jpg"),
					user.accessToken())
			.assertStatus(200);

		assertThat(updated.path("username").asString()).isEqualTo(newName);
		assertThat(updated.path("full_name").asString()).isEqualTo("Grace Hopper");
		assertThat(updated.path("bio").asString()).isEqualTo("Line one\nline two");
		assertThat(updated.path("profile_image_url").asString()).isEqualTo("https://cdn.example.com/a.jpg");
		assertThat(updated.path("email").asString()).isEqualTo(user.email());
		List<String> events = this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT DISTINCT event_id, payload -> 'payload' ->> 'username' FROM outbox.message "
							+ "WHERE event_type = 'UserUpdated' AND payload -> 'payload' ->> 'user_id' = :id")
					.param("id", Long.toString(user.id()))
					.query((rs, row) -> rs.getString(2))
					.list());
		// One event, though the outbox writes a row per destination queue.
		assertThat(events).containsExactly(newName);
		api().post("/v1/auth/login", Api.json("username", newName, "password", user.password()), null)
			.assertStatus(200);
	}

	@Test
	void aRenameFreesTheOldNameAndTakesTheNewOne() {
		TestUser user = register();
		TestUser other = register();
		String newName = TestUsers.uniqueName("moved");

		api().put("/v1/users/" + user.id(), Api.json("username", newName), user.accessToken()).assertStatus(200);

		HttpReply taken = api().put("/v1/users/" + other.id(), Api.json("username", newName.toUpperCase()),
				other.accessToken());
		taken.assertProblem(409, "conflict");
		assertThat(taken.errorFields()).containsExactly("username");
		TestUsers.register(api(), user.username(), null);
	}

	@Test
	void changingOnlyTheCaseOfTheUsernameKeepsIt() {
		TestUser user = register();

		JsonNode updated = api()
			.put("/v1/users/" + user.id(), Api.json("username", user.username().toUpperCase()), user.accessToken())
			.assertStatus(200);

		assertThat(updated.path("username").asString()).isEqualTo(user.username().toUpperCase());
	}

	@Test
	void refusesToChangeSomeoneElsesProfileAndChangesNothing() {
		TestUser owner = register();
		TestUser intruder = register();

		HttpReply reply = api().put("/v1/users/" + owner.id(), Api.json("full_name", "Hacked", "bio", "pwned"),
				intruder.accessToken());

		reply.assertProblem(403, "forbidden");
		JsonNode profile = api().get("/v1/users/me", owner.accessToken()).assertStatus(200);
		assertThat(profile.has("full_name")).isFalse();
		assertThat(profile.has("bio")).isFalse();
	}

	@Test
	void ignoresFieldsThatAreNotEditable() {
		TestUser user = register();

		JsonNode updated = api().put("/v1/users/" + user.id(),
				Api.json("bio", "hello", "followers_count", 1_000_000, "following_count", 5, "posts_count", 9, "id",
						"1", "user_id", "1", "email", "evil@example.com", "email_verified", true, "password",
						"new-password-1"),
				user.accessToken())
			.assertStatus(200);

		assertThat(updated.path("bio").asString()).isEqualTo("hello");
		assertThat(updated.path("user_id").asString()).isEqualTo(Long.toString(user.id()));
		assertThat(updated.path("followers_count").asLong()).isZero();
		assertThat(updated.path("following_count").asLong()).isZero();
		assertThat(updated.path("posts_count").asLong()).isZero();
		assertThat(updated.path("email").asString()).isEqualTo(user.email());
		Boolean verified = this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT email_verified FROM users WHERE id = :id")
					.param("id", user.id())
					.query(Boolean.class)
					.single());
		assertThat(verified).isFalse();
		api().post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null)
			.assertStatus(200);
	}

	@Test
	void refusesInvalidChanges() {
		TestUser user = register();

		assertThat(put(user, Api.json("full_name", "n".repeat(61))).errorFields()).containsExactly("full_name");
		assertThat(put(user, Api.json("bio", "b".repeat(151))).errorFields()).containsExactly("bio");
		assertThat(put(user, Api.json("bio", "nul\u0000byte")).errorFields()).containsExactly("bio");
		assertThat(put(user, Api.json("username", "\u0430lice")).errorFields()).containsExactly("username");
		assertThat(put(user, Api.json("username", "")).errorFields()).containsExactly("username");
		assertThat(put(user, Api.json("profile_image_url", "javascript:alert(1)")).errorFields())
			.containsExactly("profile_image_url");
		api().put("/v1/users/" + user.id(), "{\"bio\": ", user.accessToken()).assertProblem(400, "malformed-request");
		api().put("/v1/users/" + user.id(), "{\"bio\": {\"x\": 1}}", user.accessToken()).assertStatus(400);
	}

	@Test
	void refusesOversizedFieldsWithAProblemAndNeverAServerError() {
		TestUser user = register();
		// 60,000 characters reach validation (under the parser's string limit): a bio of
		// lines overflowed the stack of the old recursive pattern at a few thousand.
		String longBio = "line of a bio\n".repeat(60_000 / 14);
		String huge = "x".repeat(200_000);

		HttpReply bio = api().put("/v1/users/" + user.id(), Api.json("bio", longBio), user.accessToken());
		bio.assertProblem(400, "validation");
		assertThat(bio.errorFields()).containsExactly("bio");
		for (String field : List.of("username", "full_name", "profile_image_url")) {
			HttpReply reply = api().put("/v1/users/" + user.id(), Api.json(field, longBio.replace('\n', 'x')),
					user.accessToken());
			reply.assertProblem(400, "validation");
			assertThat(reply.errorFields()).as(field).containsExactly(field);
		}
		// 200,000 characters are refused by the JSON parser before validation sees them.
		for (String field : List.of("bio", "username", "full_name", "profile_image_url")) {
			api().put("/v1/users/" + user.id(), Api.json(field, huge), user.accessToken())
				.assertProblem(400, "malformed-request");
		}
		assertThat(api().get("/v1/users/me", user.accessToken()).assertStatus(200).has("bio")).isFalse();
	}

	@Test
	void aMultiLineBioOfTheMostCharactersAllowedIsAccepted() {
		TestUser user = register();
		String bio = "ab\n".repeat(49) + "abc";

		JsonNode updated = put(user, Api.json("bio", bio)).assertStatus(200);

		assertThat(updated.path("bio").asString()).isEqualTo(bio);
	}

	@Test
	void clearsOptionalFieldsWithAnEmptyString() {
		TestUser user = register();
		put(user, Api.json("bio", "something"));

		JsonNode cleared = api().put("/v1/users/" + user.id(), Api.json("bio", ""), user.accessToken())
			.assertStatus(200);

		assertThat(cleared.has("bio")).isFalse();
	}

	@Test
	void cachesProfilesInRedisAndEvictsThemOnChange() {
		TestUser viewer = register();
		TestUser owner = register();
		String key = this.keys.key("user:{" + owner.id() + "}");

		api().get("/v1/users/" + owner.id(), viewer.accessToken()).assertStatus(200);
		String cached = this.redis.opsForValue().get(key);
		Long ttl = this.redis.getExpire(key);
		api().put("/v1/users/" + owner.id(), Api.json("full_name", "New Name"), owner.accessToken()).assertStatus(200);
		Boolean afterChange = this.redis.hasKey(key);
		JsonNode fresh = api().get("/v1/users/" + owner.id(), viewer.accessToken()).assertStatus(200);

		assertThat(cached).contains(owner.username()).doesNotContain(owner.email());
		assertThat(Duration.ofSeconds(ttl)).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
		assertThat(afterChange).isFalse();
		assertThat(fresh.path("full_name").asString()).isEqualTo("New Name");
	}

	@Test
	void servesTheCachedProfile() {
		TestUser viewer = register();
		TestUser owner = register();
		api().get("/v1/users/" + owner.id(), viewer.accessToken()).assertStatus(200);
		// Changed behind the service's back: only the cache can answer with the old name.
		this.shards.write(IdGenerator.shardOf(owner.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE users SET full_name = 'Behind The Back' WHERE id = :id")
					.param("id", owner.id())
					.update());

		JsonNode cached = api().get("/v1/users/" + owner.id(), viewer.accessToken()).assertStatus(200);

		assertThat(cached.has("full_name")).isFalse();
	}

	private HttpReply put(TestUser user, String body) {
		HttpReply reply = api().put("/v1/users/" + user.id(), body, user.accessToken());
		if (reply.status() != 200) {
			reply.assertProblem(400, "validation");
		}
		return reply;
	}

}
