package com.pixelgram.user.mail;

import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.token.AccountTokens;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends the mail outbox of each shard over SMTP: at once when a transaction that queued
 * mail committed, and on a sweep every {@code sweep-interval} for the rest. A message
 * leaves its row only once the mail server took it; a refused send is tried again after
 * {@code initial-retry-delay}, doubling up to {@code max-retry-delay}, so a mail-server
 * outage delays mail and loses none (until {@code give-up-after}). Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas and the two paths never send one twice.
 */
@Component
class MailDispatcher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

	private static final TypeReference<Map<String, String>> MODEL = new TypeReference<>() {
	};

	private final Shards shards;

	private final JavaMailSender sender;

	private final AccountTokens tokens;

	private final JsonMapper json;

	private final MailProperties properties;

	private final MailRenderer renderer = new MailRenderer();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "mail-sender");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Integer> queued = ConcurrentHashMap.newKeySet();

	MailDispatcher(Shards shards, JavaMailSender sender, AccountTokens tokens, JsonMapper json,
			MailProperties properties) {
		this.shards = shards;
		this.sender = sender;
		this.tokens = tokens;
		this.json = json;
		this.properties = properties;
	}

	/**
	 * Sends the shard's due mail soon, on the sender's thread; one pass queued at most.
	 */
	void wake(int shard) {
		if (this.queued.add(shard)) {
			this.executor.execute(() -> {
				this.queued.remove(shard);
				sendDue(shard);
			});
		}
	}

	@Scheduled(fixedDelayString = "${pixelgram.users.mail.sweep-interval:30s}",
			initialDelayString = "${pixelgram.users.mail.sweep-interval:30s}")
	void sweep() {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			sendDue(shard);
		}
	}

	/**
	 * Sends the shard's due mail, one batch.
	 * @return messages the mail server took
	 */
	int sendDue(int shard) {
		try {
			return this.shards.write(shard, () -> {
				Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
				int sent = 0;
				for (MailOutboxRepository.Pending mail : MailOutboxRepository.claimDue(this.shards.jdbc(), now,
						this.properties.batchSize())) {
					if (mail.createdAt().plus(this.properties.giveUpAfter()).isBefore(now)) {
						log.error("Dropped {} mail {} to user {} after {} failed tries", mail.template(), mail.id(),
								mail.userId(), mail.attempts());
						MailOutboxRepository.delete(this.shards.jdbc(), mail.id());
						continue;
					}
					try {
						this.sender.send(message(mail));
						MailOutboxRepository.delete(this.shards.jdbc(), mail.id());
						sent++;
					}
					catch (MailException | MessagingException ex) {
						Instant next = now.plus(delayAfter(mail.attempts() + 1));
						MailOutboxRepository.retryLater(this.shards.jdbc(), mail.id(), next, ex.toString());
						log.warn("Mail {} to user {} not sent (try {}), next try at {}: {}", mail.id(), mail.userId(),
								mail.attempts() + 1, next, ex.toString());
						// the server is likely down: the rest of the batch waits for the
						// next pass
						break;
					}
				}
				return sent;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Mail outbox of shard {} not sent: {}", shard, ex.toString());
			return 0;
		}
	}

	private Duration delayAfter(int failures) {
		Duration delay = this.properties.initialRetryDelay();
		for (int i = 1; i < failures && delay.compareTo(this.properties.maxRetryDelay()) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.properties.maxRetryDelay()) > 0) ? this.properties.maxRetryDelay() : delay;
	}

	private MimeMessage message(MailOutboxRepository.Pending mail) throws MessagingException {
		MailTemplate template = MailTemplate.named(mail.template());
		Map<String, String> model = new HashMap<>(this.json.readValue(mail.model(), MODEL));
		if (template.purpose() != null) {
			String token = this.tokens.token(mail.userId(), template.purpose(), model.remove("nonce"));
			model.put("token", token);
			model.put("link",
					UriComponentsBuilder.fromUriString(this.properties.linkBaseUrl())
						.path(template.page())
						.queryParam("token", token)
						.build()
						.toUriString());
		}
		MimeMessage message = this.sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		try {
			helper.setFrom(this.properties.from(), this.properties.fromName());
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
		helper.setTo(mail.recipient());
		helper.setSubject(template.subject());
		helper.setText(this.renderer.text(template, model), this.renderer.html(template, model));
		return message;
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
