/**
 * The consumer of the {@code user-events} queue: one listener, which hands each event to
 * the feature that keeps its effect (post counts and owners, data exports, the gateways'
 * list of revoked accounts).
 */
@ApplicationModule(allowedDependencies = { "export", "post", "token" })
package com.pixelgram.user.events;

import org.springframework.modulith.ApplicationModule;
