package com.pixelgram.user.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Autowired
	PendingRegistrationSweeper sweeper;

	@Test
	void registersAUserAndLogsThemIn() {
		String username = TestUsers.uniqueName("Reg");
		HttpReply reply = api().post("/v1/auth/register", Api.json("username", username, "email",
				username + "@Example.com", "password", "s3cret-enough", "full_name", "Ada Lovelace"), null);

		JsonNode body = reply.assertStatus(201);
		JsonNode user = body.path("user");
		assertThat(user.path("user_id").isString()).isTrue();
		long id = Long.parseLong(user.path("user_id").asString());
		assertThat(reply.headers().getLocation()).hasToString("/v1/users/" + id);
		assertThat(user.path("username").asString()).isEqualTo(username);
		assertThat(user.path("email").asString()).isEqualTo(username + "@Example.com");
		assertThat(user.path("full_name").asString()).isEqualTo("Ada Lovelace");
		assertThat(user.path("followers_count").asLong()).isZero();
		assertThat(user.path("following_count").asLong()).isZero();
		assertThat(user.path("posts_count").asLong()).isZero();
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("expires_in").asLong()).isEqualTo(900);
		assertThat(body.path("access_token").asString()).isNotBlank();
		assertThat(body.path("refresh_token").asString()).startsWith(id + ".");
		assertThat(reply.headers().getCacheControl()).isEqualTo("no-store");
		assertThat(api().get("/v1/users/me", body.path("access_token").asString())
			.assertStatus(200)
			.path("user_id")
			.asString()).isEqualTo(Long.toString(id));
	}

	@Test
	void keepsTheAccountInItsShardAndTheNamesInTheGlobalDirectory() {
		TestUser user = register();
		int shard = IdGenerator.shardOf(user.id());

		Map<String, Object> row = this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT username, password_hash FROM users WHERE id = :id")
					.param("id", user.id())
					.query()
					.singleRow());
		Map<String, Object> entry = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT username_key, email_key, confirmed FROM directory WHERE user_id = :id")
			.param("id", user.id())
			.query()
			.singleRow());

		assertThat(row.get("username")).isEqualTo(user.username());
		// Argon2id at OWASP's parameters, never the password itself.
		assertThat((String) row.get("password_hash")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
			.doesNotContain(user.password());
		assertThat(entry).containsEntry("username_key", user.username().toLowerCase())
			.containsEntry("email_key", user.email().toLowerCase())
			.containsEntry("confirmed", true);
	}

	@Test
	void publishesUserRegisteredWithTheAccount() {
		TestUser user = register();

		List<String> types = this.shards.read(IdGenerator.shardOf(user.id()), () -> this.shards.jdbc()
			.sql("SELECT DISTINCT event_type FROM outbox.message WHERE payload -> 'payload' ->> 'user_id' = :id")
			.param("id", Long.toString(user.id()))
			.query(String.class)
			.list());

		assertThat(types).containsExactly("UserRegistered");
	}

	@Test
	void refusesAUsernameThatDiffersOnlyInCase() {
		TestUser first = register();

		HttpReply reply = api().post("/v1/auth/register", Api.json("username", first.username().toUpperCase(), "email",
				TestUsers.uniqueName("other") + "@example.com", "password", "s3cret-enough"), null);

		reply.assertProblem(409, "conflict");
		assertThat(reply.errorFields()).containsExactly("username");
	}

	@Test
	void refusesAnEmailThatDiffersOnlyInCase() {
		TestUser first = register();

		HttpReply reply = api().post("/v1/auth/register", Api.json("username", TestUsers.uniqueName("other"), "email",
				first.email().toUpperCase(), "password", "s3cret-enough"), null);

		reply.assertProblem(409, "conflict");
		assertThat(reply.errorFields()).containsExactly("email");
	}

	static Stream<Arguments> invalidRegistrations() {
		return Stream.of(Arguments.of("too short username", "ab", "x@example.com", "s3cret-enough", null, "username"),
				Arguments.of("too long username", "a".repeat(31), "x@example.com", "s3cret-enough", null, "username"),
				Arguments.of("username with a space", "ada lovelace", "x@example.com", "s3cret-enough", null,
						"username"),
				Arguments.of("username with a dash", "ada-lovelace", "x@example.com", "s3cret-enough", null,
						"username"),
				// Cyrillic "а" (U+0430), which looks like a Latin "a".
				Arguments.of("confusable username", "\u0430lice", "x@example.com", "s3cret-enough", null, "username"),
				Arguments.of("username with a NUL", "ali\u0000ce", "x@example.com", "s3cret-enough", null, "username"),
				Arguments.of("email without at", "adalove", "example.com", "s3cret-enough", null, "email"),
				Arguments.of("email without domain dot", "adalove", "ada@example", "s3cret-enough", null, "email"),
				Arguments.of("too long email", "adalove", "a".repeat(250) + "@example.com", "s3cret-enough", null,
						"email"),
				Arguments.of("too short password", "adalove", "x@example.com", "1234567", null, "password"),
				Arguments.of("too long password", "adalove", "x@example.com", "p".repeat(129), null, "password"),
				Arguments.of("too long full name", "adalove", "x@example.com", "s3cret-enough", "n".repeat(61),
						"full_name"),
				Arguments.of("full name with a NUL", "adalove", "x@example.com", "s3cret-enough", "Ada\u0000",
						"full_name"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidRegistrations")
	void refusesInvalidFieldsNamingThem(String description, String username, String email, String password,
			String fullName, String field) {
		String body = (fullName != null)
				? Api.json("username", username, "email", email, "password", password, "full_name", fullName)
				: Api.json("username", username, "email", email, "password", password);

		HttpReply reply = api().post("/v1/auth/register", body, null);

		reply.assertProblem(400, "validation");
		assertThat(reply.errorFields()).containsOnly(field);
	}

	@Test
	void namesEveryMissingField() {
		HttpReply reply = api().post("/v1/auth/register", "{}", null);

		reply.assertProblem(400, "validation");
		assertThat(reply.errorFields()).contains("username", "email", "password");
	}

	@Test
	void refusesMalformedJson() {
		api().post("/v1/auth/register", "{\"username\": \"ada\", ", null).assertProblem(400, "malformed-request");
	}

	@Test
	void refusesWrongTypes() {
		HttpReply reply = api().post("/v1/auth/register",
				"{\"username\": {\"a\": 1}, \"email\": [\"x@example.com\"], \"password\": \"s3cret-enough\"}", null);

		assertThat(reply.status()).isEqualTo(400);
	}

	@Test
	void ignoresFieldsAClientMayNotSet() {
		String username = TestUsers.uniqueName("mass");
		HttpReply reply = api().post("/v1/auth/register",
				Api.json("username", username, "email", username + "@example.com", "password", "s3cret-enough",
						"user_id", "42", "id", 42, "followers_count", 1000, "email_verified", true, "is_admin", true),
				null);

		JsonNode user = reply.assertStatus(201).path("user");
		long id = Long.parseLong(user.path("user_id").asString());
		assertThat(id).isNotEqualTo(42);
		assertThat(user.path("followers_count").asLong()).isZero();
		Boolean verified = this.shards.read(IdGenerator.shardOf(id),
				() -> this.shards.jdbc()
					.sql("SELECT email_verified FROM users WHERE id = :id")
					.param("id", id)
					.query(Boolean.class)
					.single());
		assertThat(verified).isFalse();
	}

	@Test
	void sweeperReleasesAReservationWhoseAccountWasNeverWritten() {
		long ghost = this.ids.nextId(3);
		String ghostName = TestUsers.uniqueName("ghost");
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("INSERT INTO directory (user_id, username_key, email_key, created_at) "
					+ "VALUES (:id, :name, :email, now() - interval '1 hour')")
			.param("id", ghost)
			.param("name", ghostName)
			.param("email", ghostName + "@example.com")
			.update());

		this.sweeper.sweep(Instant.now());

		Long left = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT count(*) FROM directory WHERE user_id = :id")
			.param("id", ghost)
			.query(Long.class)
			.single());
		assertThat(left).isZero();
		TestUsers.register(api(), ghostName, null);
	}

	@Test
	void sweeperCompletesARegistrationInterruptedAfterTheAccountWasWritten() {
		TestUser user = register();
		this.shards.writeGlobal(() -> {
			this.shards.jdbc()
				.sql("UPDATE directory SET confirmed = false, created_at = now() - interval '1 hour' WHERE user_id = :id")
				.param("id", user.id())
				.update();
			return this.shards.jdbc()
				.sql("DELETE FROM user_search WHERE user_id = :id")
				.param("id", user.id())
				.update();
		});

		this.sweeper.sweep(Instant.now().plus(Duration.ofSeconds(1)));

		Boolean confirmed = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT confirmed FROM directory WHERE user_id = :id")
			.param("id", user.id())
			.query(Boolean.class)
			.single());
		assertThat(confirmed).isTrue();
		assertThat(api().get("/v1/users/search?q=" + user.username(), user.accessToken())
			.assertStatus(200)
			.path("users")
			.path(0)
			.path("user_id")
			.asString()).isEqualTo(Long.toString(user.id()));
	}

}
