/**
 * Redis copies of what other services own, as the feed serves them: posts, authors, the
 * viewer's likes, deleted posts; and the caches' hit and miss counts.
 */
@ApplicationModule(allowedDependencies = "clients")
package com.pixelgram.feed.cache;

import org.springframework.modulith.ApplicationModule;
