/**
 * The follow graph, blocks and mutes, their HTTP API and the reconciliation of follow
 * counts.
 */
@ApplicationModule(allowedDependencies = "account")
package com.pixelgram.user.follow;

import org.springframework.modulith.ApplicationModule;
