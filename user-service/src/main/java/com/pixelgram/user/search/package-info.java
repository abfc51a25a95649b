/**
 * User search: the global search table and its HTTP API.
 */
@ApplicationModule(allowedDependencies = { "account", "follow" })
package com.pixelgram.user.search;

import org.springframework.modulith.ApplicationModule;
