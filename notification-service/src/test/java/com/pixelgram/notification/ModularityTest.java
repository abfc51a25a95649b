package com.pixelgram.notification;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages depend on each other only through their public types, without
 * cycles: the build fails when one feature reaches into another's internals.
 */
class ModularityTest {

	@Test
	void featurePackagesRespectEachOthersBoundaries() {
		ApplicationModules.of(NotificationServiceApplication.class).verify();
	}

}
