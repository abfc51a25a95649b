package com.pixelgram.post.upload;

import java.util.List;
import java.util.Map;

import com.pixelgram.events.PostMedia;
import com.pixelgram.id.JsonId;
import com.pixelgram.post.posts.UploadStatus;

/**
 * The answer to an upload: the final URLs, valid once {@code upload_status} is READY.
 *
 * @param postId the new post
 * @param imageUrl the first photo's 1080 rendition
 * @param thumbnailUrl the first photo's 150 px square
 * @param renditions every rendition's URL of the first photo by name
 * @param uploadStatus PROCESSING at first; a replay tells the current status
 * @param media every photo, in order, as the post will show them (BlurHashes come once
 * READY)
 */
record UploadAccepted(@JsonId long postId, String imageUrl, String thumbnailUrl, Map<String, String> renditions,
		UploadStatus uploadStatus, List<PostMedia> media) {

}
