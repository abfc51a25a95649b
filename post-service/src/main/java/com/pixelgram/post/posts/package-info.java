/**
 * Posts: their table, cache, reads and deletion, over HTTP and for the other services.
 */
@ApplicationModule(allowedDependencies = { "audience", "media" })
package com.pixelgram.post.posts;

import org.springframework.modulith.ApplicationModule;
