package com.pixelgram.post;

import com.pixelgram.testsupport.FeatureModularityTest;

/**
 * The feature packages ({@code posts}, {@code upload}, {@code like}, ...) each declare in
 * their {@code package-info} which features they may use and show the others only their
 * public types: {@link FeatureModularityTest}.
 */
class ModularityTest extends FeatureModularityTest {

	ModularityTest() {
		super(PostServiceApplication.class);
	}

}
