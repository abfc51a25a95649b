package com.pixelgram.user;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

	@Test
	void featuresOnlyUseEachOthersPublicApiAndFormNoCycles() {
		ApplicationModules.of(UserServiceApplication.class).verify();
	}

}
