package com.pixelgram.user.support;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.user.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the gateways read of an account's sign-outs: the cut-offs (epoch seconds) of its
 * {@code signed-out:<id>:<cut-off>} entries in the revoked-access set.
 */
public final class SignOuts {

	private SignOuts() {
	}

	/** The account's sign-out cut-offs listed now, oldest first. */
	public static List<Long> cutOffs(StringRedisTemplate redis, RedisKeys keys, long userId) {
		String prefix = "signed-out:" + userId + ":";
		return redis.opsForZSet()
			.range(keys.key("{revoked-access}"), 0, -1)
			.stream()
			.filter((member) -> member.startsWith(prefix))
			.map((member) -> Long.parseLong(member.substring(prefix.length())))
			.sorted()
			.toList();
	}

	/** The score of the account's sign-out entry: when the gateways forget it. */
	public static Double until(StringRedisTemplate redis, RedisKeys keys, long userId, long cutOff) {
		return redis.opsForZSet().score(keys.key("{revoked-access}"), "signed-out:" + userId + ":" + cutOff);
	}

	/** The {@code iat} of an access token, in epoch seconds. */
	public static long issuedAt(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet().getIssueTime().toInstant().getEpochSecond();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
