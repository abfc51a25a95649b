/**
 * The API for the other services ({@code /internal/**}): batch profiles and pages of the
 * follow graph. Reached only with an internal token; the gateway never routes it. (The
 * package is not named {@code internal}: to Spring Modulith that name means a feature's
 * hidden sub-package.)
 */
@ApplicationModule(allowedDependencies = { "account", "follow" })
package com.pixelgram.user.serviceapi;

import org.springframework.modulith.ApplicationModule;
