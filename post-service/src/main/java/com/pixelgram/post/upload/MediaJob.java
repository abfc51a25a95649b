package com.pixelgram.post.upload;

import com.pixelgram.post.jobs.LeasedJobs;

/**
 * A claimed unit of media work.
 *
 * @param postId the post
 * @param kind what to do
 * @param mediaKey the stem of the post's object keys
 * @param photoCount how many photos the post has (each has objects of its own)
 * @param attempts tries so far, this one included
 * @param lastError what the last try that failed said, or {@code null}
 */
record MediaJob(long postId, Kind kind, String mediaKey, int photoCount, int attempts,
		String lastError) implements LeasedJobs.Job {

	/** What a job does. */
	enum Kind {

		/** Make the renditions of a PROCESSING post. */
		RENDER,

		/** Delete every object of every photo of a deleted or failed post. */
		PURGE

	}

}
