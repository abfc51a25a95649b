/**
 * Reading and editing profiles over HTTP.
 */
@ApplicationModule(allowedDependencies = { "account", "follow", "search" })
package com.pixelgram.user.profile;

import org.springframework.modulith.ApplicationModule;
