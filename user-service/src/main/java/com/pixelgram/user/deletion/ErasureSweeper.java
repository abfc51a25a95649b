package com.pixelgram.user.deletion;

import java.time.Instant;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes erasures a restart or an outage interrupted and frees the usernames and emails
 * of accounts whose cooling-off ended; one replica once per interval.
 */
@Component
class ErasureSweeper {

	private static final Logger log = LoggerFactory.getLogger(ErasureSweeper.class);

	private final AccountErasure erasure;

	ErasureSweeper(AccountErasure erasure) {
		this.erasure = erasure;
	}

	@Scheduled(fixedDelayString = "${pixelgram.users.deletion.sweep-interval:PT1M}",
			initialDelayString = "${pixelgram.users.deletion.sweep-interval:PT1M}")
	@SchedulerLock(name = "account-erasure-sweep", lockAtLeastFor = "${pixelgram.users.deletion.sweep-interval:PT1M}",
			lockAtMostFor = "${pixelgram.users.deletion.sweep-interval:PT1M}")
	public void scheduledRun() {
		int erased = this.erasure.sweep(Instant.now());
		if (erased > 0) {
			log.info("The sweep erased {} deleted accounts", erased);
		}
	}

}
