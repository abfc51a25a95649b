/**
 * Registration, login, token refresh and logout, email verification, password change and
 * reset, and the list of sessions, over HTTP.
 */
@ApplicationModule(allowedDependencies = { "account", "deletion", "mail", "profile", "search", "token" })
package com.pixelgram.user.auth;

import org.springframework.modulith.ApplicationModule;
