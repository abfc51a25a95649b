/**
 * Ranking of candidate posts, and the viewer-to-author affinity it weighs.
 */
@ApplicationModule(allowedDependencies = "clients")
package com.pixelgram.feed.ranking;

import org.springframework.modulith.ApplicationModule;
