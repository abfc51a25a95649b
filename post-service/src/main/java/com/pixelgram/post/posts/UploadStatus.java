package com.pixelgram.post.posts;

/** Where a post's images are: being made, ready to be seen, or given up on. */
public enum UploadStatus {

	PROCESSING, READY, FAILED

}
