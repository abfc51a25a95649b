/**
 * Image checks from the container alone, and the renditions made from an accepted image.
 * Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.post.image;

import org.springframework.modulith.ApplicationModule;
