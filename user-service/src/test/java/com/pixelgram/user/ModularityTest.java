package com.pixelgram.user;

import com.pixelgram.testsupport.FeatureModularityTest;

/**
 * The feature packages ({@code account}, {@code auth}, {@code follow}, ...) each declare
 * in their {@code package-info} which features they may use and show the others only
 * their public types: {@link FeatureModularityTest}.
 */
class ModularityTest extends FeatureModularityTest {

	ModularityTest() {
		super(UserServiceApplication.class);
	}

}
