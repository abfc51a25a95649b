/**
 * The images in S3: originals, renditions, their keys and the bucket's lifecycle.
 */
@ApplicationModule(allowedDependencies = "image")
package com.pixelgram.post.media;

import org.springframework.modulith.ApplicationModule;
