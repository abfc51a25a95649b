package com.pixelgram.feed;

import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Names every Redis key this service writes, behind one configurable prefix (an
 * environment, a test class). Every key is per user, per post or per event, so that no
 * command spans two users and the layout runs unchanged on Redis Cluster. A user's feed
 * and activity mark carry the user's ID as a hash tag ({@code feed:{42}},
 * {@code active:{42}}), so that one script may read the mark and write the feed on a
 * cluster too; the prefix must hold no braces.
 *
 * @param keyPrefix prepended to every key
 */
@ConfigurationProperties("pixelgram.redis")
public record RedisKeys(@DefaultValue("") String keyPrefix) {

	/** Sorted set of post IDs scored by post time: a user's home feed. */
	public String feed(long userId) {
		return this.keyPrefix + "feed:{" + userId + "}";
	}

	/** Sorted set of an author's recent post IDs scored by post time. */
	public String authorPosts(long authorId) {
		return this.keyPrefix + "posts:" + authorId;
	}

	/** Present while a user has read their feed recently; in the slot of their feed. */
	public String active(long userId) {
		return this.keyPrefix + "active:{" + userId + "}";
	}

	/** The follower cursor an unfinished fanout of a post has reached. */
	public String fanoutCheckpoint(long postId) {
		return this.keyPrefix + "fanout:" + postId;
	}

	/** The follower cursor an unfinished removal of a deleted post has reached. */
	public String purgeCheckpoint(long postId) {
		return this.keyPrefix + "purge:" + postId;
	}

	/** A user's follower count, which makes them a celebrity or not. */
	public String followerCount(long userId) {
		return this.keyPrefix + "followers:" + userId;
	}

	/** The IDs a viewer follows, comma-separated, cached for a few minutes. */
	public String following(long userId) {
		return this.keyPrefix + "following:" + userId;
	}

	/**
	 * The snapshot a viewer's newest page 1 in an order ranked (its ID and the post IDs),
	 * which later pages of that order continue.
	 */
	public String snapshot(long userId, String order) {
		return this.keyPrefix + "snapshot:" + userId + ":" + order;
	}

	/**
	 * The celebrities a viewer follows, with the celebrity generation they were found in.
	 */
	public String followedCelebrities(long userId) {
		return this.keyPrefix + "celebs:" + userId;
	}

	/** Bumped whenever an author crosses the celebrity threshold either way. */
	public String celebrityGeneration() {
		return this.keyPrefix + "celebrity-generation";
	}

	/**
	 * Sorted set of the authors a viewer unfollowed lately, scored by when: a fanout that
	 * raced the unfollow cannot put their posts back in front of the viewer.
	 */
	public String unfollowed(long userId) {
		return this.keyPrefix + "unfollowed:" + userId;
	}

	/**
	 * Hash of the authors a viewer must not see (blocked either way, muted) to the time
	 * of the newest change.
	 */
	public String hidden(long userId) {
		return this.keyPrefix + "hidden:" + userId;
	}

	/**
	 * Hash of the authors suspended by a moderator to the time of the newest suspension
	 * or reinstatement (negative once reinstated): their posts leave every feed at read
	 * time and come back with the reinstatement.
	 */
	public String suspended() {
		return this.keyPrefix + "suspended-authors";
	}

	/**
	 * Sorted set of the authors whose suspension changed, scored by the sequence number
	 * of their newest change, from which each process learns the changes since its last
	 * look. Its hash tag is the name of {@link #suspended()}, whose slot it therefore
	 * shares on Redis Cluster (one script writes both).
	 */
	public String suspensionChanges() {
		return "{" + suspended() + "}:changes";
	}

	/** The sequence number of the newest change of {@link #suspensionChanges()}. */
	public String suspensionSequence() {
		return "{" + suspended() + "}:sequence";
	}

	/**
	 * Present for a while after an account was deleted, holding the IDs of its posts this
	 * service knew: late events about the account leave its keys alone, and the posts
	 * leave the feeds of followers whose unfollow arrives after the deletion.
	 */
	public String deletedUser(long userId) {
		return this.keyPrefix + "deleted-user:" + userId;
	}

	/** Hash of post ID to whether a viewer likes it, and since when. */
	public String likes(long userId) {
		return this.keyPrefix + "likes:" + userId;
	}

	/** Hash of a post as post-service describes it. */
	public String post(long postId) {
		return this.keyPrefix + "post:" + postId;
	}

	/** Hash of an author's public profile. */
	public String author(long userId) {
		return this.keyPrefix + "user:" + userId;
	}

	/** Present while a deleted post must not be served from any cache. */
	public String deleted(long postId) {
		return this.keyPrefix + "deleted:" + postId;
	}

	/**
	 * When the newest applied follow or unfollow of one edge happened (microseconds), so
	 * that a late or redelivered older change is not applied over it.
	 */
	public String followChange(long followerId, long followeeId) {
		return this.keyPrefix + "follow:" + followerId + ":" + followeeId;
	}

	/** Hash of author ID to the viewer's interaction points with that author. */
	public String affinity(long userId) {
		return this.keyPrefix + "affinity:" + userId;
	}

	/**
	 * Present once an event's non-idempotent effect on one key (a count, affinity points)
	 * was applied, set by the script that applies it. Its hash tag is that key, so that
	 * on Redis Cluster the two share a slot and one script can touch both.
	 * @param eventId the event
	 * @param effectKey the key the effect changes
	 * @return the claim's key
	 */
	public String processedEvent(UUID eventId, String effectKey) {
		return this.keyPrefix + "event:" + eventId + ":{" + effectKey + "}";
	}

}
