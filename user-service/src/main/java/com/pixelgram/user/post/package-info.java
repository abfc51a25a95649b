/**
 * Each author's post count, kept from post-service's events, and the consumer of
 * {@code user-events}, which also hands data-export outcomes to {@code export}.
 */
@ApplicationModule(allowedDependencies = { "account", "export" })
package com.pixelgram.user.post;

import org.springframework.modulith.ApplicationModule;
