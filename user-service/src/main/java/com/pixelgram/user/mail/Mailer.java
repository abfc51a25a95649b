package com.pixelgram.user.mail;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.pixelgram.shard.Shards;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues mail to a user in the transaction of the change that causes it: the mail outbox
 * row commits or rolls back with the change, and is sent once the transaction committed
 * ({@link MailDispatcher}), never inside it, so a slow or absent mail server never holds
 * or fails the change.
 */
@Service
public class Mailer {

	private final Shards shards;

	private final JsonMapper json;

	private final MailDispatcher dispatcher;

	Mailer(Shards shards, JsonMapper json, MailDispatcher dispatcher) {
		this.shards = shards;
		this.json = json;
		this.dispatcher = dispatcher;
	}

	/**
	 * Writes the mail to the outbox of the current transaction, which must be the
	 * read-write transaction of the user's shard.
	 * @param model the template's values; a mail with a link names its token's nonce as
	 * {@code nonce}
	 */
	public void send(long userId, MailTemplate template, String recipient, Map<String, String> model) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			throw new IllegalStateException("mail is queued inside the read-write transaction of the change");
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		MailOutboxRepository.insert(this.shards.jdbc(), userId, template.templateName(), recipient,
				this.json.writeValueAsString(model), now);
		int shard = this.shards.shardOf(userId);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Mailer.this.dispatcher.wake(shard);
			}
		});
	}

}
