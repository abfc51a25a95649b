/**
 * The periodic repair of posts' like and comment counts. Nothing depends on it.
 */
@ApplicationModule(allowedDependencies = "posts")
package com.pixelgram.post.reconciliation;

import org.springframework.modulith.ApplicationModule;
