package com.pixelgram.feed.read;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.pixelgram.web.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FeedCursorTest {

	@Test
	void aSnapshotCursorComesBackAsItWent() {
		FeedCursor cursor = FeedCursor.inSnapshot(FeedOrder.RANKED, "k3x9a0b", 40);

		FeedCursor decoded = FeedCursor.decode(cursor.encode());

		assertThat(decoded).isEqualTo(cursor);
		assertThat(decoded.isKeyset()).isFalse();
		assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void aKeysetCursorComesBackAsItWent() {
		FeedCursor cursor = FeedCursor.olderThan(FeedOrder.LATEST, 123456789012345678L);

		assertThat(FeedCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@Test
	void refusesWhatItDidNotMake() {
		for (String token : List.of("", "!!!", "a".repeat(65), encoded("2rk5"), encoded("1xk5"), encoded("1rk0"),
				encoded("1rk99999999999999999999"), encoded("1rk9223372036854775808"), encoded("1rsABC.1"),
				encoded("1rs.1"), encoded("1rsabc.1234567"), encoded("1rsabc.-1"), encoded("1rk-5"))) {
			assertThatExceptionOfType(ApiException.class).as(token)
				.isThrownBy(() -> FeedCursor.decode(token))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("cursor"));
		}
	}

	@Test
	void parsesTheOrderAndRefusesAnyOther() {
		assertThat(FeedOrder.parse(null)).isEqualTo(FeedOrder.RANKED);
		assertThat(FeedOrder.parse("ranked")).isEqualTo(FeedOrder.RANKED);
		assertThat(FeedOrder.parse("latest")).isEqualTo(FeedOrder.LATEST);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> FeedOrder.parse("LATEST"));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> FeedOrder.parse(""));
	}

	@Test
	void aSnapshotKeepsItsOrderAndSaysWhereTheFeedGoesOn() {
		Snapshot snapshot = Snapshot.of(List.of(30L, 10L, 20L), 9L);

		Snapshot decoded = Snapshot.decode(snapshot.encode());

		assertThat(decoded).isEqualTo(snapshot);
		assertThat(decoded.nextAfter(FeedOrder.RANKED, 2))
			.isEqualTo(FeedCursor.inSnapshot(FeedOrder.RANKED, snapshot.id(), 2));
		assertThat(decoded.nextAfter(FeedOrder.RANKED, 3)).isEqualTo(FeedCursor.olderThan(FeedOrder.RANKED, 9L));
		assertThat(Snapshot.of(List.of(1L), 0).nextAfter(FeedOrder.LATEST, 1)).isNull();
		assertThat(Snapshot.decode("garbage")).isNull();
		assertThat(Snapshot.decode("id:0:1,x")).isNull();
		assertThat(Snapshot.decode("id:0:").postIds()).isEmpty();
	}

	private static String encoded(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
	}

}
