/**
 * Leased jobs: the worker that claims due rows of a job table in every shard, runs them
 * on a bounded pool, retries them with back-off and gives up after a number of tries. The
 * render and purge jobs of uploads and the builds of data exports run on it. It depends
 * on no feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.post.jobs;

import org.springframework.modulith.ApplicationModule;
