package com.pixelgram.post.export;

import com.pixelgram.post.jobs.LeasedJobs;

/**
 * A claimed build.
 *
 * @param exportId the export
 * @param userId whose data
 * @param profile the profile, as JSON
 * @param attempts tries so far, this one included
 */
record ExportJob(long exportId, long userId, String profile, int attempts) implements LeasedJobs.Job {

}
