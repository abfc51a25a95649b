package com.pixelgram.gateway.security;

import java.time.Instant;

import com.pixelgram.gateway.security.RevokedAccess.Reason;
import com.pixelgram.gateway.security.RevokedAccess.Refusal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the gateway reads user-service's entries and what each refuses, without Redis.
 */
class RevokedAccessEntriesTest {

	private static final long CUT_OFF = 1_800_000_000L;

	@Test
	void eachKnownKindNamesItsAccount() {
		assertThat(RevokedAccess.parse("suspended:42").getKey()).isEqualTo("42");
		assertThat(RevokedAccess.parse("suspended:42").getValue().reason()).isEqualTo(Reason.SUSPENDED);
		assertThat(RevokedAccess.parse("deleted:42").getValue().reason()).isEqualTo(Reason.DELETED);
		assertThat(RevokedAccess.parse("signed-out:42:" + CUT_OFF).getValue())
			.isEqualTo(new Refusal(Reason.SIGNED_OUT, CUT_OFF));
		assertThat(RevokedAccess.parse("signed-out:42:" + CUT_OFF).getKey()).isEqualTo("42");
	}

	@Test
	void anUnknownKindOrAMalformedEntryIsSkipped() {
		assertThat(RevokedAccess.parse("frozen:42")).isNull();
		assertThat(RevokedAccess.parse("locked-until:42:" + CUT_OFF)).isNull();
		assertThat(RevokedAccess.parse("signed-out:42")).isNull();
		assertThat(RevokedAccess.parse("signed-out:42:soon")).isNull();
		assertThat(RevokedAccess.parse("signed-out::" + CUT_OFF)).isNull();
		assertThat(RevokedAccess.parse("suspended:42:" + CUT_OFF)).isNull();
		assertThat(RevokedAccess.parse("suspended:")).isNull();
		assertThat(RevokedAccess.parse("42")).isNull();
	}

	@Test
	void aSignOutRefusesTokensIssuedBeforeItsCutOffSecondOnly() {
		Refusal signedOut = new Refusal(Reason.SIGNED_OUT, CUT_OFF);

		assertThat(signedOut.of(Instant.ofEpochSecond(CUT_OFF - 1).plusMillis(999))).isEqualTo(Reason.SIGNED_OUT);
		assertThat(signedOut.of(Instant.ofEpochSecond(CUT_OFF))).isNull();
		assertThat(signedOut.of(Instant.ofEpochSecond(CUT_OFF + 60))).isNull();
		assertThat(signedOut.of(null)).as("a token without iat cannot be told from an old one")
			.isEqualTo(Reason.SIGNED_OUT);
		assertThat(new Refusal(Reason.DELETED, 0).of(Instant.ofEpochSecond(CUT_OFF + 60))).isEqualTo(Reason.DELETED);
	}

	@Test
	void anAccountsLatestSignOutCountsAndASuspensionOrDeletionWinsOverIt() {
		Refusal earlier = new Refusal(Reason.SIGNED_OUT, CUT_OFF - 10);
		Refusal later = new Refusal(Reason.SIGNED_OUT, CUT_OFF);
		Refusal suspended = new Refusal(Reason.SUSPENDED, 0);

		assertThat(earlier.and(later)).isEqualTo(later);
		assertThat(later.and(earlier)).isEqualTo(later);
		assertThat(later.and(suspended)).isEqualTo(suspended);
		assertThat(suspended.and(later)).isEqualTo(suspended);
		assertThat(new Refusal(Reason.DELETED, 0).and(later).reason()).isEqualTo(Reason.DELETED);
	}

}
