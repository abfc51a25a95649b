/**
 * Each author's post count and the author of each comment, kept from post-service's
 * events, which the consumer of {@code user-events} ({@code events}) hands over.
 */
@ApplicationModule(allowedDependencies = "account")
package com.pixelgram.user.post;

import org.springframework.modulith.ApplicationModule;
