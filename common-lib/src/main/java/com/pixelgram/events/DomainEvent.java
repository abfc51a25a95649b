package com.pixelgram.events;

/**
 * An event one service publishes and others consume: the contract between services. Each
 * is an immutable record named in the past tense; its simple name is its {@code type} on
 * the wire and {@link #VERSION} its schema version.
 */
public sealed interface DomainEvent permits UserRegistered, UserUpdated, FollowCreated, FollowDeleted, PostPublished,
		PostEdited, PostDeleted, LikeCreated, LikeDeleted, CommentCreated, CommentDeleted, UserBlocked, UserUnblocked,
		UserMuted, UserUnmuted, AccountPrivacyChanged, UserMentioned, UserDeleted, FollowRequested, UserSuspended,
		UserReinstated, PostTakenDown, CommentTakenDown, DataExportRequested, DataExportReady, DataExportFailed {

	/** Schema version of every event payload; bumped on an incompatible change. */
	int VERSION = 1;

	/** The type name on the wire. */
	default String type() {
		return getClass().getSimpleName();
	}

}
