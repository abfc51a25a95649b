package com.pixelgram.events;

import com.pixelgram.id.JsonId;

/**
 * An {@code @username} of a text that names an existing user, as the public API and the
 * events carry it: where it is in the text, in UTF-16 code units as Java, JavaScript,
 * Kotlin and Swift's {@code NSString} index text, {@code start} inclusive (the {@code @})
 * and {@code end} exclusive.
 *
 * @param userId the mentioned user
 * @param username the user's username when the text was written
 * @param start the offset of the {@code @}
 * @param end the offset just past the username
 */
public record Mention(@JsonId long userId, String username, int start, int end) {

}
