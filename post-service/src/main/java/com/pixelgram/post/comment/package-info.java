/**
 * Comments on posts, over HTTP.
 */
@ApplicationModule(allowedDependencies = "posts")
package com.pixelgram.post.comment;

import org.springframework.modulith.ApplicationModule;
