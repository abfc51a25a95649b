package com.pixelgram.shard;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardOfKeyTest {

	@Test
	void aKeyAlwaysHashesToTheSameShard() {
		// Pinned: the shard of a key is part of the data's layout.
		assertThat(Shards.shardOfKey("porto", 8)).isEqualTo(Shards.shardOfKey("porto", 8));
		assertThat(IntStream.of(8, 64, 4096).map((count) -> Shards.shardOfKey("été", count))).containsExactly(6, 22,
				22);
	}

	@Test
	void keysSpreadEvenlyOverTheShards() {
		int shards = 64;
		int[] counts = new int[shards];
		for (int i = 0; i < 64_000; i++) {
			counts[Shards.shardOfKey("tag" + i, shards)]++;
		}
		assertThat(IntStream.of(counts).min().getAsInt()).isGreaterThan(850);
		assertThat(IntStream.of(counts).max().getAsInt()).isLessThan(1150);
	}

	@Test
	void everyShardIsInRange() {
		for (int i = 0; i < 10_000; i++) {
			assertThat(Shards.shardOfKey("k" + i, 7)).isBetween(0, 6);
		}
	}

}
