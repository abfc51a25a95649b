/**
 * Mail to users: the mail outbox of each shard, written in the transaction of the change,
 * its sender, and the plain-text and HTML templates.
 */
@ApplicationModule(allowedDependencies = { "account", "token" })
package com.pixelgram.user.mail;

import org.springframework.modulith.ApplicationModule;
