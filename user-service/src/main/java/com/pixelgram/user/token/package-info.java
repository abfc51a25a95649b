/**
 * Access and refresh tokens, the signing keys and their JWKS endpoint.
 */
@ApplicationModule(allowedDependencies = "account")
package com.pixelgram.user.token;

import org.springframework.modulith.ApplicationModule;
