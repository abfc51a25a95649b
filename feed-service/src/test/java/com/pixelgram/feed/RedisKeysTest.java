package com.pixelgram.feed;

import java.util.UUID;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script may touch only keys of one hash slot on Redis Cluster: an event's claim on an
 * effect must live beside the key the effect changes.
 */
class RedisKeysTest {

	private final RedisKeys keys = new RedisKeys("feed-service:");

	@Test
	void anEventsClaimOnAnEffectSharesTheEffectKeysSlot() {
		UUID event = UUID.randomUUID();
		for (String effect : new String[] { this.keys.post(246715084577964032L),
				this.keys.affinity(246714861877201920L), this.keys.post(1), this.keys.affinity(42) }) {
			String claim = this.keys.processedEvent(event, effect);

			assertThat(SlotHash.getSlot(claim)).as(claim).isEqualTo(SlotHash.getSlot(effect));
		}
	}

	@Test
	void oneEventsClaimsOnTwoEffectsAreTwoKeys() {
		UUID event = UUID.randomUUID();

		assertThat(this.keys.processedEvent(event, this.keys.post(1)))
			.isNotEqualTo(this.keys.processedEvent(event, this.keys.affinity(2)));
	}

	@Test
	void theSuspendedAuthorsTheirChangesAndTheirSequenceShareOneSlot() {
		int slot = SlotHash.getSlot(this.keys.suspended());

		assertThat(SlotHash.getSlot(this.keys.suspensionChanges())).isEqualTo(slot);
		assertThat(SlotHash.getSlot(this.keys.suspensionSequence())).isEqualTo(slot);
	}

}
