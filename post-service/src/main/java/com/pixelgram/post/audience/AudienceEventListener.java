package com.pixelgram.post.block;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserUnblocked;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Consumes {@code post-events} (user-service's UserBlocked and UserUnblocked). A message
 * is acknowledged once both users' shards recorded it: an exception leaves it to come
 * back after the visibility timeout and, after {@code pixelgram.events.max-receive-count}
 * tries, to go to the dead-letter queue. Other event types are acknowledged and ignored.
 */
@Component
class BlockEventListener {

	private static final Logger log = LoggerFactory.getLogger(BlockEventListener.class);

	private final EventCodec codec;

	private final Blocks blocks;

	BlockEventListener(EventCodec codec, Blocks blocks) {
		this.codec = codec;
		this.blocks = blocks;
	}

	@SqsListener("${pixelgram.events.queue-prefix:}post-events")
	void on(String body) {
		ReceivedEvent received = this.codec.decode(body);
		if (received.event() instanceof UserBlocked block) {
			this.blocks.record(block.blockerId(), block.blockedId(), true, block.blockedAt());
		}
		else if (received.event() instanceof UserUnblocked unblock) {
			this.blocks.record(unblock.blockerId(), unblock.blockedId(), false, unblock.unblockedAt());
		}
		else {
			log.debug("Ignoring event {} of type {}", received.eventId(), received.envelope().type());
		}
	}

}
