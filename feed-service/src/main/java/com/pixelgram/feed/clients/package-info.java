/**
 * Calls to user-service and post-service, and the views they answer with. Depends on no
 * other feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.feed.clients;

import org.springframework.modulith.ApplicationModule;
