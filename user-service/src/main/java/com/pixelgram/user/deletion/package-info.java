/**
 * Erasure of deleted accounts: everything user-service holds of an account marked deleted
 * (follow edges in both users' shards, blocks, mutes, follow requests, tokens, queued
 * mail, post counts, the search entry and finally the account row), and the release of
 * its username and email after the cooling-off.
 */
@ApplicationModule(allowedDependencies = "account")
package com.pixelgram.user.deletion;

import org.springframework.modulith.ApplicationModule;
