/**
 * Uploads: accepting an image, the render jobs and their workers, and the sweepers of
 * what an upload left behind. Nothing depends on it.
 */
@ApplicationModule(allowedDependencies = { "image", "jobs", "media", "posts" })
package com.pixelgram.post.upload;

import org.springframework.modulith.ApplicationModule;
