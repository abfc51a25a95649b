/**
 * Erasure of deleted accounts: their posts with every stored object, their likes and
 * comments on other posts with the counts corrected, and what the audience rules keep of
 * them.
 */
@ApplicationModule(allowedDependencies = { "audience", "comment", "like", "posts" })
package com.pixelgram.post.erasure;

import org.springframework.modulith.ApplicationModule;
