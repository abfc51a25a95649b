package com.pixelgram.feed;

import com.pixelgram.testsupport.FeatureModularityTest;

/**
 * The feature packages ({@code read}, {@code fanout}, {@code graph}, ...) each declare in
 * their {@code package-info} which features they may use and show the others only their
 * public types: {@link FeatureModularityTest}.
 */
class ModularityTest extends FeatureModularityTest {

	ModularityTest() {
		super(FeedServiceApplication.class);
	}

}
