package com.pixelgram.user.token;

import java.time.Duration;
import java.time.Instant;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.SignOuts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-out entries of the revoked-access set in real Redis: one per account, the
 * latest cut-off, pruned with its index once past its time.
 */
class AccessRevocationsTest extends UserIntegrationTest {

	@Autowired
	AccessRevocations revocations;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	IdGenerator ids;

	@Test
	void aLaterSignOutReplacesTheAccountsEntryAndAnEarlierOneChangesNothing() {
		long account = this.ids.nextId(1);
		Instant first = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 30);
		Instant second = first.plusSeconds(10);

		this.revocations.signedOut(account, first.plusMillis(999));
		assertThat(SignOuts.cutOffs(this.redis, this.keys, account)).as("the second, rounded down")
			.containsExactly(first.getEpochSecond());
		long version = version();

		this.revocations.signedOut(account, second);
		assertThat(SignOuts.cutOffs(this.redis, this.keys, account)).containsExactly(second.getEpochSecond());
		assertThat(SignOuts.until(this.redis, this.keys, account, second.getEpochSecond())).isEqualTo(
				(double) Instant.ofEpochSecond(second.getEpochSecond()).plus(Duration.ofMinutes(16)).toEpochMilli());
		assertThat(version()).isGreaterThan(version);
		version = version();

		// a sign-out written late (an earlier cut-off, or the same) leaves the latest
		this.revocations.signedOut(account, first);
		this.revocations.signedOut(account, second.plusMillis(500));
		assertThat(SignOuts.cutOffs(this.redis, this.keys, account)).containsExactly(second.getEpochSecond());
		assertThat(version()).as("the gateways have nothing new to read").isEqualTo(version);
		assertThat(this.redis.opsForHash().get(signedOut(), Long.toString(account)))
			.isEqualTo(Long.toString(second.getEpochSecond()));
	}

	@Test
	void aSignOutWhoseTokensHaveAllExpiredIsNotListed() {
		long account = this.ids.nextId(1);

		this.revocations.signedOut(account, Instant.now().minus(Duration.ofMinutes(17)));

		assertThat(SignOuts.cutOffs(this.redis, this.keys, account)).isEmpty();
		assertThat(this.redis.opsForHash().get(signedOut(), Long.toString(account))).isNull();
	}

	@Test
	void anEntryPastItsTimeIsPrunedWithItsCutOffByTheNextWriteOfAnyKind() {
		long expired = this.ids.nextId(1);
		long cutOff = Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond();
		// as a sign-out written twenty minutes ago left them
		this.redis.opsForZSet()
			.add(set(), "signed-out:" + expired + ":" + cutOff,
					Instant.ofEpochSecond(cutOff).plus(Duration.ofMinutes(16)).toEpochMilli());
		this.redis.opsForHash().put(signedOut(), Long.toString(expired), Long.toString(cutOff));
		long suspended = this.ids.nextId(1);

		this.revocations.suspended(suspended, Instant.now());

		assertThat(SignOuts.cutOffs(this.redis, this.keys, expired)).isEmpty();
		assertThat(this.redis.opsForHash().get(signedOut(), Long.toString(expired))).isNull();
		assertThat(this.redis.opsForZSet().score(set(), "suspended:" + suspended)).isNotNull();

		// a sign-out of the account later starts afresh
		Instant now = Instant.now();
		this.revocations.signedOut(expired, now);
		assertThat(SignOuts.cutOffs(this.redis, this.keys, expired)).containsExactly(now.getEpochSecond());
	}

	private long version() {
		return Long.parseLong(this.redis.opsForValue().get(set() + ":version"));
	}

	private String set() {
		return this.keys.key("{revoked-access}");
	}

	private String signedOut() {
		return set() + ":signed-out";
	}

}
