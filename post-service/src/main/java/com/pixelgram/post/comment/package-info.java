/**
 * Comments on posts, over HTTP.
 */
@ApplicationModule(allowedDependencies = { "block", "posts" })
package com.pixelgram.post.comment;

import org.springframework.modulith.ApplicationModule;
