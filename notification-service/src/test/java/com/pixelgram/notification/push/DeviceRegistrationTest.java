package com.pixelgram.notification.push;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.pixelgram.notification.NotificationIntegrationTest;
import com.nimbusds.jwt.JWTClaimsSet;
import com.pixelgram.notification.support.HttpReply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeviceRegistrationTest extends NotificationIntegrationTest {

	@Autowired
	Devices devices;

	@Test
	void registeringTheSameDeviceAgainIsIdempotent() {
		long me = user("phone-owner");
		String token = "fcm-" + UUID.randomUUID();

		HttpReply first = api().post("/v1/devices", device("android", token), token(me));
		HttpReply again = api().post("/v1/devices", device("android", token), token(me));

		JsonNode created = first.assertStatus(201);
		assertThat(created.path("platform").asString()).isEqualTo("android");
		assertThat(first.body()).doesNotContain(token);
		assertThat(again.assertStatus(200).path("created_at").asString())
			.isEqualTo(created.path("created_at").asString());
		assertThat(devices(me)).isEqualTo(1);
	}

	@Test
	void reRegisteringATokenUnderAnotherPlatformUpdatesIt() {
		long me = user("switcher");
		String token = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", device("android", token), token(me)).assertStatus(201);

		JsonNode updated = api().post("/v1/devices", device("ios", token), token(me)).assertStatus(200);

		assertThat(updated.path("platform").asString()).isEqualTo("ios");
		assertThat(devices(me)).isEqualTo(1);
	}

	@Test
	void refusesAnUnknownPlatformAndAnEmptyToken() {
		String caller = token(user("sloppy"));

		JsonNode badPlatform = api().post("/v1/devices", device("windows-phone", "t"), caller)
			.assertProblem(400, "validation");
		JsonNode emptyToken = api().post("/v1/devices", device("ios", "  "), caller).assertProblem(400, "validation");
		api().post("/v1/devices", "{\"token\": \"t\"}", caller).assertProblem(400, "validation");
		api().post("/v1/devices", device("ios", "x".repeat(4097)), caller).assertProblem(400, "validation");

		assertThat(badPlatform.path("errors").get(0).path("field").asString()).isEqualTo("platform");
		assertThat(emptyToken.path("errors").get(0).path("field").asString()).isEqualTo("token");
	}

	@Test
	void unregisteringADeviceIsIdempotent() {
		long me = user("leaver");
		String token = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", device("ios", token), token(me)).assertStatus(201);

		api().delete("/v1/devices/" + token, token(me)).assertStatus(204);
		api().delete("/v1/devices/" + token, token(me)).assertStatus(204);

		assertThat(devices(me)).isZero();
	}

	@Test
	void keepsOnlyTheNewestDevicesOfAUser() {
		long me = user("collector");
		for (int i = 0; i < 12; i++) {
			api().post("/v1/devices", device("android", "fcm-" + i + "-" + UUID.randomUUID()), token(me))
				.assertStatus(201);
		}

		assertThat(devices(me)).isEqualTo(10);
		assertThat(listed(me)).isEqualTo(10);
	}

	@Test
	void aTokenRegisteredByAnotherUserIsNoLongerTheirsWhoHadItBefore() {
		long loggedOut = user("logged-out");
		long loggedIn = user("logged-in");
		String token = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", device("android", token), token(loggedOut)).assertStatus(201);
		registeredAnHourAgo(loggedOut);

		api().post("/v1/devices", device("android", token), token(loggedIn)).assertStatus(201);

		assertThat(this.devices.of(List.of(loggedOut, loggedIn))).extracting(Device::userId, Device::token)
			.containsExactly(tuple(loggedIn, token));
		assertThat(listed(loggedOut)).isZero();

		registeredAnHourAgo(loggedIn);
		api().post("/v1/devices", device("android", token), token(loggedOut)).assertStatus(201);

		assertThat(this.devices.of(List.of(loggedOut, loggedIn))).extracting(Device::userId, Device::token)
			.containsExactly(tuple(loggedOut, token));
	}

	@Test
	void unregisteringATokenAnotherUserHoldsNowLeavesTheirRegistration() {
		long loggedOut = user("stale-phone");
		long loggedIn = user("current-phone");
		String token = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", device("ios", token), token(loggedOut)).assertStatus(201);
		registeredAnHourAgo(loggedOut);
		api().post("/v1/devices", device("ios", token), token(loggedIn)).assertStatus(201);

		api().delete("/v1/devices/" + token, token(loggedOut)).assertStatus(204);

		assertThat(devices(loggedIn)).isEqualTo(1);
		assertThat(listed(loggedIn)).isEqualTo(1);
	}

	@Test
	void aRegistrationThatFailedHalfwayIsCompletedByItsRetry() {
		long loggedOut = user("first-owner");
		long loggedIn = user("second-owner");
		String token = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", device("android", token), token(loggedOut)).assertStatus(201);
		registeredAnHourAgo(loggedOut);
		// What a registration of the second owner leaves when it dies right after its
		// first step: the token listed under them, the first owner's row untouched.
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("INSERT INTO device_token (token_hash, user_id) VALUES (sha256(convert_to(:token, 'UTF8')), :user)")
			.param("token", token)
			.param("user", loggedIn)
			.update());

		api().post("/v1/devices", device("android", token), token(loggedIn)).assertStatus(201);

		assertThat(devices(loggedOut)).isZero();
		assertThat(devices(loggedIn)).isEqualTo(1);
	}

	@Test
	void refusesATokenAnotherUserRegisteredSinceTheCallerLoggedIn() {
		long owner = user("owner");
		long intruder = user("intruder");
		String token = "fcm-" + UUID.randomUUID();
		// The intruder's session began before the owner registered the phone: learning
		// the token is not a login on that phone.
		String olderSession = sessionToken(intruder, Instant.now().minusSeconds(600), null);
		api().post("/v1/devices", device("android", token), token(owner)).assertStatus(201);

		JsonNode problem = api().post("/v1/devices", device("android", token), olderSession)
			.assertProblem(409, "conflict");

		assertThat(problem.toString()).doesNotContain(token);
		assertThat(this.devices.of(List.of(owner, intruder))).extracting(Device::userId, Device::token)
			.containsExactly(tuple(owner, token));
		assertThat(listed(intruder)).isZero();
		// The owner refreshing the registration is never refused.
		api().post("/v1/devices", device("ios", token), token(owner)).assertStatus(200);
	}

	@Test
	void takesTheLoginTimeOverTheIssueTimeOfARefreshedToken() {
		long owner = user("first-phone-owner");
		long other = user("refreshing-user");
		String token = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", device("android", token), token(owner)).assertStatus(201);
		registeredAnHourAgo(owner);
		Instant now = Instant.now();

		// Issued just now by a refresh, but for a login of two hours ago.
		api().post("/v1/devices", device("android", token), sessionToken(other, now, now.minusSeconds(7200)))
			.assertProblem(409, "conflict");
		// A login of a minute ago, after the owner's registration: the phone changed
		// hands.
		api().post("/v1/devices", device("android", token), sessionToken(other, now, now.minusSeconds(60)))
			.assertStatus(201);

		assertThat(this.devices.of(List.of(owner, other))).extracting(Device::userId, Device::token)
			.containsExactly(tuple(other, token));
	}

	/** An access token issued at {@code issuedAt} for a login at {@code authTime}. */
	private static String sessionToken(long userId, Instant issuedAt, Instant authTime) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(Long.toString(userId))
			.issuer("pixelgram")
			.audience("pixelgram-api")
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(Instant.now().plusSeconds(900)));
		if (authTime != null) {
			claims.claim("auth_time", authTime.getEpochSecond());
		}
		return TOKENS.sign(claims.build());
	}

	/** Makes the user's registrations look an hour old, as from before a later login. */
	private void registeredAnHourAgo(long userId) {
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("UPDATE device_token SET registered_at = now() - interval '1 hour' WHERE user_id = :user")
			.param("user", userId)
			.update());
	}

	@Test
	void requiresAToken() {
		api().post("/v1/devices", device("ios", "t"), null).assertProblem(401, "unauthorized");
	}

	static String device(String platform, String token) {
		return "{\"platform\": \"" + platform + "\", \"token\": \"" + token + "\"}";
	}

	/** The user's entries in the global token list. */
	private long listed(long userId) {
		return this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT count(*) FROM device_token WHERE user_id = :user")
			.param("user", userId)
			.query(Long.class)
			.single());
	}

	private long devices(long userId) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM device WHERE user_id = :user")
					.param("user", userId)
					.query(Long.class)
					.single());
	}

}
