/**
 * Fanout on write: a new post into its followers' feeds, a deleted post out of them.
 */
@ApplicationModule(allowedDependencies = { "cache", "clients", "graph", "store" })
package com.pixelgram.feed.fanout;

import org.springframework.modulith.ApplicationModule;
