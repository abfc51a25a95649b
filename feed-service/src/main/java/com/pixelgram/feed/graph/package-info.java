/**
 * The follow graph as the feed sees it: whom a viewer follows or just unfollowed, the
 * celebrities among them, follower counts, and what a follow or unfollow does to a feed.
 */
@ApplicationModule(allowedDependencies = { "cache", "clients", "store" })
package com.pixelgram.feed.graph;

import org.springframework.modulith.ApplicationModule;
