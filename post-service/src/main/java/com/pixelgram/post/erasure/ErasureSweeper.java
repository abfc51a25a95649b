package com.pixelgram.post.erasure;

import java.time.Instant;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the due second erasures of deleted accounts; one replica once per interval. */
@Component
class ErasureSweeper {

	private final UserErasure erasure;

	ErasureSweeper(UserErasure erasure) {
		this.erasure = erasure;
	}

	@Scheduled(fixedDelayString = "${pixelgram.post.erasure.sweep-interval:PT1M}",
			initialDelayString = "${pixelgram.post.erasure.sweep-interval:PT1M}")
	@SchedulerLock(name = "account-erasure-recheck", lockAtLeastFor = "${pixelgram.post.erasure.sweep-interval:PT1M}",
			lockAtMostFor = "${pixelgram.post.erasure.sweep-interval:PT1M}")
	public void scheduledRun() {
		this.erasure.sweep(Instant.now());
	}

}
