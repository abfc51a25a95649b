/**
 * The follow graph, its HTTP API and the reconciliation of follow counts.
 */
@ApplicationModule(allowedDependencies = "account")
package com.pixelgram.user.follow;

import org.springframework.modulith.ApplicationModule;
