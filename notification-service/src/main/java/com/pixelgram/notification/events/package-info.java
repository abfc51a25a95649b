/**
 * The notification queue's consumer: turns each event into notifications and pushes, and
 * sweeps old ones. Nothing depends on it.
 */
@ApplicationModule(allowedDependencies = { "clients", "inbox", "push", "subscription" })
package com.pixelgram.notification.events;

import org.springframework.modulith.ApplicationModule;
