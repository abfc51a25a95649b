/**
 * Reports of posts, comments and users, the moderators' queue and decisions (dismiss,
 * take down, suspend), and the suspension of accounts.
 */
@ApplicationModule(allowedDependencies = { "account", "follow", "post", "search", "token" })
package com.pixelgram.user.moderation;

import org.springframework.modulith.ApplicationModule;
