package com.pixelgram.notification;

import com.pixelgram.testsupport.FeatureModularityTest;

/**
 * The feature packages ({@code inbox}, {@code push}, {@code events}, ...) each declare in
 * their {@code package-info} which features they may use and show the others only their
 * public types: {@link FeatureModularityTest}.
 */
class ModularityTest extends FeatureModularityTest {

	ModularityTest() {
		super(NotificationServiceApplication.class);
	}

}
