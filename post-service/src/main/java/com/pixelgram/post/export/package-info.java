/**
 * Data exports: the zip of a user's profile, posts, comments, likes and original photos,
 * built on {@code DataExportRequested} into the private part of the bucket, and its
 * removal when the account is erased.
 */
@ApplicationModule(allowedDependencies = { "jobs", "media" })
package com.pixelgram.post.export;

import org.springframework.modulith.ApplicationModule;
