/**
 * Erasure of deleted accounts: their posts with every stored object, their likes and
 * comments on other posts with the counts corrected, what the audience rules keep of
 * them, and their data exports.
 */
@ApplicationModule(allowedDependencies = { "audience", "comment", "export", "like", "posts" })
package com.pixelgram.post.erasure;

import org.springframework.modulith.ApplicationModule;
