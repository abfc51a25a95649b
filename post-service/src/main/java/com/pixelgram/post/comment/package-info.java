/**
 * Comments on posts, over HTTP.
 */
@ApplicationModule(allowedDependencies = { "audience", "posts" })
package com.pixelgram.post.comment;

import org.springframework.modulith.ApplicationModule;
