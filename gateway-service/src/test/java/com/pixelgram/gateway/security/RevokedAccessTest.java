package com.pixelgram.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.GatewayTestProperties;
import com.pixelgram.gateway.support.Problems;
import com.pixelgram.gateway.support.TestTokens;
import com.pixelgram.testsupport.TcpProxy;
import com.pixelgram.testsupport.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens of accounts that user-service lists as suspended or deleted, and tokens issued
 * before an account's owner signed out everywhere, are refused within seconds of the
 * listing, by a gateway that reaches the tests' Redis through a proxy the test can cut.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RevokedAccessTest {

	private static final URI REDIS = URI.create(TestRedis.url());

	private static final TcpProxy PROXY = TcpProxy.to(REDIS.getHost(), REDIS.getPort());

	private static final String KEY = "t:gateway:" + UUID.randomUUID() + ":{revoked-access}";

	@DynamicPropertySource
	static void redisBehindAProxy(DynamicPropertyRegistry registry) {
		String userInfo = (REDIS.getRawUserInfo() != null) ? REDIS.getRawUserInfo() + "@" : "";
		GatewayTestProperties.register(registry, REDIS.getScheme() + "://" + userInfo + "127.0.0.1:" + PROXY.port());
		registry.add("pixelgram.gateway.revoked-access.key", () -> KEY);
	}

	/** user-service's side, straight to Redis: it is not behind the gateway's proxy. */
	private static final RedisClient CLIENT = RedisClient.create(TestRedis.url());

	private static final RedisCommands<String, String> USER_SERVICE = CLIENT.connect().sync();

	@AfterAll
	static void close() {
		PROXY.close();
		CLIENT.shutdown();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Test
	void aSuspendedAccountsTokenIsRefusedWithinSecondsAndWorksAgainOnceReinstated() {
		String user = GatewayIntegrationTest.newUserId();
		String token = TestTokens.valid(user);
		String bystander = TestTokens.valid(GatewayIntegrationTest.newUserId());
		get(token).expectStatus().isOk();

		list("suspended:" + user);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(token).expectStatus().isUnauthorized());
		String path = "/v1/users/" + user;
		Problems.assertProblem(get(token, path), HttpStatus.UNAUTHORIZED, "account-suspended", path)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		get(bystander).expectStatus().isOk();

		unlist("suspended:" + user);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(token).expectStatus().isOk());
	}

	@Test
	void aDeletedAccountsTokenIsRefusedAsAnInvalidToken() {
		String user = GatewayIntegrationTest.newUserId();
		String token = TestTokens.valid(user);
		get(token).expectStatus().isOk();

		list("deleted:" + user);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(token).expectStatus().isUnauthorized());
		String path = "/v1/users/" + user;
		Problems.assertProblem(get(token, path), HttpStatus.UNAUTHORIZED, "unauthorized", path);
	}

	@Test
	void aSignOutRefusesTheTokensIssuedBeforeItsCutOffSecondAndAcceptsThoseIssuedFromItOn() {
		String user = GatewayIntegrationTest.newUserId();
		long cutOff = Instant.now().getEpochSecond() - 2;
		String hijacker = issuedAt(user, Instant.ofEpochSecond(cutOff - 1).plusMillis(999));
		String sameSecond = issuedAt(user, Instant.ofEpochSecond(cutOff));
		String owner = TestTokens.valid(user);
		get(hijacker).expectStatus().isOk();
		double refusedBefore = refusedSignedOut();

		list("signed-out:" + user + ":" + cutOff);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(hijacker).expectStatus().isUnauthorized());
		String path = "/v1/users/" + user;
		Problems.assertProblem(get(hijacker, path), HttpStatus.UNAUTHORIZED, "unauthorized", path)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		assertThat(refusedSignedOut()).isGreaterThan(refusedBefore);
		get(sameSecond).expectStatus().isOk();
		get(owner).expectStatus().isOk();
		get(TestTokens.valid(GatewayIntegrationTest.newUserId())).expectStatus().isOk();
	}

	@Test
	void theLatestOfAnAccountsSignOutsCountsAndASuspensionRefusesEveryToken() {
		String user = GatewayIntegrationTest.newUserId();
		long cutOff = Instant.now().getEpochSecond() - 2;
		String between = issuedAt(user, Instant.ofEpochSecond(cutOff - 5));
		String owner = TestTokens.valid(user);

		list("signed-out:" + user + ":" + cutOff);
		list("signed-out:" + user + ":" + (cutOff - 10));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(between).expectStatus().isUnauthorized());
		get(owner).expectStatus().isOk();

		list("suspended:" + user);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(owner).expectStatus().isUnauthorized());
		String path = "/v1/users/" + user;
		Problems.assertProblem(get(owner, path), HttpStatus.UNAUTHORIZED, "account-suspended", path);
	}

	@Test
	void entriesOfAKindThisGatewayDoesNotKnowOrMalformedRefuseNothing() {
		String unknown = GatewayIntegrationTest.newUserId();
		String noCutOff = GatewayIntegrationTest.newUserId();
		String badCutOff = GatewayIntegrationTest.newUserId();
		String suspended = GatewayIntegrationTest.newUserId();
		String until = Long.toString(Instant.now().getEpochSecond() + 60);
		list("locked-until:" + unknown + ":" + until);
		list("frozen:" + unknown);
		list("signed-out:" + noCutOff);
		list("signed-out:" + badCutOff + ":soon");
		list("suspended:" + suspended);

		// the listing was read: the known entry refuses
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> get(TestTokens.valid(suspended)).expectStatus().isUnauthorized());
		get(TestTokens.valid(unknown)).expectStatus().isOk();
		get(TestTokens.valid(noCutOff)).expectStatus().isOk();
		get(TestTokens.valid(badCutOff)).expectStatus().isOk();
	}

	@Test
	void anEntryPastItsTimeRefusesNothing() {
		String user = GatewayIntegrationTest.newUserId();
		String token = TestTokens.valid(user);
		String other = GatewayIntegrationTest.newUserId();
		USER_SERVICE.zadd(KEY, System.currentTimeMillis() - 1000, "suspended:" + user);
		list("suspended:" + other);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> get(TestTokens.valid(other)).expectStatus().isUnauthorized());
		get(token).expectStatus().isOk();
	}

	@Test
	void whileRedisIsDownTheAccountsKnownStayRefusedAndEveryoneElseIsServed() {
		String user = GatewayIntegrationTest.newUserId();
		String token = TestTokens.valid(user);
		list("suspended:" + user);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(token).expectStatus().isUnauthorized());
		double failuresBefore = failures();

		PROXY.refuse();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> failures() >= failuresBefore + 2);
			for (int i = 0; i < 3; i++) {
				get(token).expectStatus().isUnauthorized();
				get(TestTokens.valid(GatewayIntegrationTest.newUserId())).expectStatus().isOk();
			}
		}
		finally {
			PROXY.forward();
		}
		unlist("suspended:" + user);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> get(token).expectStatus().isOk());
	}

	/** As user-service lists an account: until its last token expires, version bumped. */
	private void list(String member) {
		USER_SERVICE.zadd(KEY, System.currentTimeMillis() + Duration.ofMinutes(16).toMillis(), member);
		USER_SERVICE.incr(KEY + ":version");
	}

	private void unlist(String member) {
		USER_SERVICE.zrem(KEY, member);
		USER_SERVICE.incr(KEY + ":version");
	}

	private static String issuedAt(String user, Instant issuedAt) {
		return TestTokens.sign(TestTokens.claims(user).issueTime(Date.from(issuedAt)).build());
	}

	private double refusedSignedOut() {
		var counter = this.meters.find("pixelgram.gateway.revoked-access.refused")
			.tag("reason", "signed-out")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private WebTestClient.ResponseSpec get(String token) {
		return get(token, "/v1/users/" + GatewayIntegrationTest.unique());
	}

	private WebTestClient.ResponseSpec get(String token, String path) {
		return GatewayIntegrationTest.client(this.port)
			.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private double failures() {
		var counter = this.meters.find("pixelgram.gateway.revoked-access.refresh.failures").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
