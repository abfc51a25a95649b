/**
 * Registration, login, token refresh and logout over HTTP.
 */
@ApplicationModule(allowedDependencies = { "account", "profile", "search", "token" })
package com.pixelgram.user.auth;

import org.springframework.modulith.ApplicationModule;
