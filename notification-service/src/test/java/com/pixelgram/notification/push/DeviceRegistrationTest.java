package com.pixelgram.notification.push;

import java.util.UUID;

import com.pixelgram.notification.NotificationServiceTest;
import com.pixelgram.notification.support.HttpReply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceRegistrationTest extends NotificationServiceTest {

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
	}

	@Test
	void requiresAToken() {
		api().post("/v1/devices", device("ios", "t"), null).assertProblem(401, "unauthorized");
	}

	static String device(String platform, String token) {
		return "{\"platform\": \"" + platform + "\", \"token\": \"" + token + "\"}";
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
