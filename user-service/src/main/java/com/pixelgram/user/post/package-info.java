/**
 * Each author's post count, kept from post-service's events.
 */
@ApplicationModule(allowedDependencies = "account")
package com.pixelgram.user.post;

import org.springframework.modulith.ApplicationModule;
