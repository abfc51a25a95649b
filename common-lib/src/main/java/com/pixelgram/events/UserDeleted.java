package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user deleted their account: every service erases what it holds of the user, and what
 * the user did to others' data (likes, comments, follows) with the counts corrected.
 */
public record UserDeleted(@JsonId long userId, Instant deletedAt) implements DomainEvent {

}
