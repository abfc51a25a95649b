package com.pixelgram.user.moderation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reports and the moderators' queue. Who is a moderator is the token's business
 * ({@code pixelgram.users.roles}).
 *
 * @param maxCommentLength the longest comment a reporter may add, in characters
 * @param maxNoteLength the longest note a moderator may add to a decision
 * @param defaultPageSize reports per page of the queue when the request names none
 * @param maxPageSize the most reports per page of the queue
 */
@ConfigurationProperties("pixelgram.users.moderation")
record ModerationProperties(@DefaultValue("500") int maxCommentLength, @DefaultValue("1000") int maxNoteLength,
		@DefaultValue("20") int defaultPageSize, @DefaultValue("100") int maxPageSize) {

}
