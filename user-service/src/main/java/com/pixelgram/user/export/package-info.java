/**
 * Data exports: a user's request for a copy of their data, recorded here and built by
 * post-service, and short-lived links to the finished zip.
 */
@ApplicationModule(allowedDependencies = { "account", "profile" })
package com.pixelgram.user.export;

import org.springframework.modulith.ApplicationModule;
