package com.pixelgram.feed;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages ({@code fanout}, {@code timeline}, {@code ranking}, ...) depend on
 * each other only through their public types, and never in a cycle.
 */
class ModularityTest {

	@Test
	void featuresDependOnEachOtherWithoutCycles() {
		ApplicationModules.of(FeedServiceApplication.class).verify();
	}

}
