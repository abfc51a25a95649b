/**
 * Devices and push delivery through FCM and APNs.
 */
@ApplicationModule(allowedDependencies = { "clients", "inbox" })
package com.pixelgram.notification.push;

import org.springframework.modulith.ApplicationModule;
