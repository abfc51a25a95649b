/**
 * Subscriptions to an author's new posts, over HTTP.
 */
@ApplicationModule(allowedDependencies = "clients")
package com.pixelgram.notification.subscription;

import org.springframework.modulith.ApplicationModule;
