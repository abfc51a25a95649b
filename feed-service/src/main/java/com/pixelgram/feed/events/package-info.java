/**
 * The feed's queue consumer: hands each event to the feature that applies it. Nothing
 * depends on it.
 */
@ApplicationModule(allowedDependencies = { "cache", "fanout", "graph", "ranking" })
package com.pixelgram.feed.events;

import org.springframework.modulith.ApplicationModule;
