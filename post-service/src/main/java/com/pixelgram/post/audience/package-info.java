/**
 * Blocks between users, kept from user-service's events: who may not see, like or comment
 * on whose posts. Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.post.block;

import org.springframework.modulith.ApplicationModule;
