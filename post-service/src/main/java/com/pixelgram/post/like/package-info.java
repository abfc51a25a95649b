/**
 * Likes of posts, over HTTP.
 */
@ApplicationModule(allowedDependencies = { "block", "posts" })
package com.pixelgram.post.like;

import org.springframework.modulith.ApplicationModule;
