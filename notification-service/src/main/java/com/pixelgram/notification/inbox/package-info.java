/**
 * The notifications themselves: stored and withdrawn per recipient, and read over HTTP.
 */
@ApplicationModule(allowedDependencies = "clients")
package com.pixelgram.notification.inbox;

import org.springframework.modulith.ApplicationModule;
