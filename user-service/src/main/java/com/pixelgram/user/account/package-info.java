/**
 * Accounts: the {@code users} table of each shard, the global username and email
 * directory, the account rules and the profile cache. Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.user.account;

import org.springframework.modulith.ApplicationModule;
