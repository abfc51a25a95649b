/**
 * The home feed's HTTP API: candidates, ranking, snapshots and cursors, hydration, and
 * the rebuild of a cold feed. Nothing depends on it.
 */
@ApplicationModule(allowedDependencies = { "cache", "clients", "graph", "ranking", "store" })
package com.pixelgram.feed.read;

import org.springframework.modulith.ApplicationModule;
