/**
 * Likes of posts, over HTTP.
 */
@ApplicationModule(allowedDependencies = { "audience", "posts" })
package com.pixelgram.post.like;

import org.springframework.modulith.ApplicationModule;
