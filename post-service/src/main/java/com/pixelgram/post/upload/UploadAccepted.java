package com.pixelgram.post.upload;

import java.util.Map;

import com.pixelgram.id.JsonId;
import com.pixelgram.post.posts.UploadStatus;

/**
 * The answer to an upload: the final URLs, valid once {@code upload_status} is READY.
 *
 * @param postId the new post
 * @param imageUrl the 1080 rendition
 * @param thumbnailUrl the 150 px square
 * @param renditions every rendition's URL by name
 * @param uploadStatus PROCESSING at first; a replay tells the current status
 */
record UploadAccepted(@JsonId long postId, String imageUrl, String thumbnailUrl, Map<String, String> renditions,
		UploadStatus uploadStatus) {

}
