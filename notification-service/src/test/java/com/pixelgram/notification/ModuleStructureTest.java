package com.pixelgram.notification;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

	@Test
	void featuresOnlyUseEachOthersPublicApiAndFormNoCycles() {
		ApplicationModules.of(NotificationServiceApplication.class).verify();
	}

}
