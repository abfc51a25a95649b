/**
 * The feeds themselves in Redis: each viewer's feed, each author's recent posts, and who
 * was active lately. Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.feed.store;

import org.springframework.modulith.ApplicationModule;
