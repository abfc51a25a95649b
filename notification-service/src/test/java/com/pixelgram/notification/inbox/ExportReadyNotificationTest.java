package com.pixelgram.notification.inbox;

import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A finished data export ({@code DataExportReady} on the real queue) tells its user once.
 */
class ExportReadyNotificationTest extends NotificationIntegrationTest {

	private static final IdGenerator EXPORT_IDS = new IdGenerator();

	@Test
	void aReadyExportNotifiesItsUserOnceWithTheExport() {
		long user = user("exporter");
		long exportId = EXPORT_IDS.nextId(this.shards.shardOf(user));
		DataExportReady ready = new DataExportReady(exportId, user, "exports/" + user + "/" + exportId + ".zip", 1234,
				Instant.now());

		UUID first = publish(ready);
		JsonNode list = awaitNotifications(user, 1);
		UUID again = publish(ready);
		awaitProcessed(first, user);
		awaitProcessed(again, user);

		assertThat(notifications(user)).hasSize(1);
		JsonNode item = list.get(0);
		assertThat(item.path("type").asString()).isEqualTo("EXPORT_READY");
		assertThat(item.path("export_id").asString()).isEqualTo(Long.toString(exportId));
		assertThat(item.path("actor").path("user_id").asString()).isEqualTo(Long.toString(user));
		assertThat(item.path("summary").asString()).isEqualTo("Your data export is ready to download");
		assertThat(item.has("post")).isFalse();
		assertThat(item.path("read").asBoolean()).isFalse();
	}

	@Test
	void theNotificationGoesWithTheAccount() {
		long user = user("leaver");
		publish(new DataExportReady(EXPORT_IDS.nextId(this.shards.shardOf(user)), user, "exports/x.zip", 1,
				Instant.now()));
		awaitNotifications(user, 1);

		publish(new UserDeleted(user, Instant.now()));

		await().untilAsserted(() -> assertThat(notifications(user)).isEmpty());
	}

}
