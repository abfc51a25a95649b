package com.pixelgram.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.Problems;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "pixelgram.gateway.rate-limit.rules.post-create.limit=3",
		"pixelgram.gateway.rate-limit.rules.like.limit=2", "pixelgram.gateway.rate-limit.rules.user.limit=12",
		"pixelgram.gateway.rate-limit.rules.auth-ip.limit=4",
		"pixelgram.gateway.rate-limit.rules.account-token-ip.limit=3",
		"pixelgram.gateway.rate-limit.rules.email-verification.limit=2",
		"pixelgram.gateway.rate-limit.rules.email-change.limit=2",
		"pixelgram.gateway.rate-limit.rules.account-deletion.limit=2",
		"pixelgram.gateway.rate-limit.rules.reports.limit=2" })
class RateLimitTest extends GatewayIntegrationTest {

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void refusesThePostOverTheLimitWithRetryAfter() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 3; i++) {
			createPost(token).expectStatus().isOk();
		}
		double rejectedBefore = rejected("post-create");

		Problems.assertProblem(createPost(token), HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "/v1/posts")
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER,
					(retryAfter) -> assertThat(Long.parseLong(retryAfter)).isBetween(1L, 3600L));
		assertThat(Downstreams.POST.received("/v1/posts"))
			.filteredOn((request) -> ("Bearer " + token).equals(request.header("Authorization")))
			.hasSize(3);
		assertThat(rejected("post-create")).isEqualTo(rejectedBefore + 1);
	}

	@Test
	void limitsEachUserSeparately() {
		String limited = TestTokens.valid(newUserId());
		for (int i = 0; i < 3; i++) {
			createPost(limited).expectStatus().isOk();
		}
		createPost(limited).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		createPost(TestTokens.valid(newUserId())).expectStatus().isOk();
	}

	@Test
	void keysUserLimitsByTheTokenSubjectNotByHeaders() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 3; i++) {
			createPostClaimingToBe(newUserId(), token).expectStatus().isOk();
		}
		createPostClaimingToBe(newUserId(), token).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void limitsLikesByTheirOwnRuleAndLeavesOtherEndpointsOpen() {
		String token = TestTokens.valid(newUserId());
		String like = "/v1/posts/" + unique() + "/like";
		for (int i = 0; i < 2; i++) {
			post(token, like).expectStatus().isOk();
		}
		Problems.assertProblem(post(token, like), HttpStatus.TOO_MANY_REQUESTS, "rate-limited", like);

		client().get()
			.uri("/v1/posts/" + unique())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void appliesTheGeneralLimitToEveryAuthenticatedRequest() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 12; i++) {
			get(token, "/v1/feed").expectStatus().isOk();
		}
		Problems.assertProblem(get(token, "/v1/notifications"), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"/v1/notifications");
		assertThat(rejected("user")).isPositive();
	}

	@Test
	void limitsLoginAndRegistrationPerClientAddress() {
		for (int i = 0; i < 4; i++) {
			client().post().uri((i % 2 == 0) ? "/v1/auth/login" : "/v1/auth/register").exchange().expectStatus().isOk();
		}
		Problems
			.assertProblem(client().post().uri("/v1/auth/login").exchange(), HttpStatus.TOO_MANY_REQUESTS,
					"rate-limited", "/v1/auth/login")
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (retryAfter) -> assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L));
		// a refresh counts against a rule of its own
		client().post().uri("/v1/auth/refresh").exchange().expectStatus().isOk();
	}

	@Test
	void limitsPasswordResetsAndMailedTokensPerClientAddress() {
		String[] paths = { "/v1/auth/password-reset", "/v1/auth/password-reset/confirm", "/v1/auth/email/verify" };
		for (String path : paths) {
			client().post().uri(path).exchange().expectStatus().isOk();
		}
		// undoing an email change takes a mailed token too, and counts with them
		Problems.assertProblem(client().post().uri("/v1/auth/email/undo").exchange(), HttpStatus.TOO_MANY_REQUESTS,
				"rate-limited", "/v1/auth/email/undo");
		Problems.assertProblem(client().post().uri("/v1/auth/password-reset").exchange(), HttpStatus.TOO_MANY_REQUESTS,
				"rate-limited", "/v1/auth/password-reset");
		// a refresh counts against a rule of its own
		client().post().uri("/v1/auth/refresh").exchange().expectStatus().isOk();
	}

	@Test
	void limitsVerificationMailsPerUser() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 2; i++) {
			post(token, "/v1/auth/email/verification").expectStatus().isOk();
		}
		Problems.assertProblem(post(token, "/v1/auth/email/verification"), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"/v1/auth/email/verification");
		post(TestTokens.valid(newUserId()), "/v1/auth/email/verification").expectStatus().isOk();
	}

	@Test
	void limitsEmailChangesPerUser() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 2; i++) {
			post(token, "/v1/auth/email").expectStatus().isOk();
		}
		Problems.assertProblem(post(token, "/v1/auth/email"), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"/v1/auth/email");
		post(token, "/v1/auth/email/verification").expectStatus().isOk();
		post(TestTokens.valid(newUserId()), "/v1/auth/email").expectStatus().isOk();
	}

	@Test
	void limitsReportsPerUser() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 2; i++) {
			post(token, "/v1/reports").expectStatus().isOk();
		}
		Problems.assertProblem(post(token, "/v1/reports"), HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "/v1/reports");
		get(token, "/v1/moderation/reports").expectStatus().isOk();
		post(TestTokens.valid(newUserId()), "/v1/reports").expectStatus().isOk();
	}

	@Test
	void limitsAccountDeletionsPerUser() {
		String token = TestTokens.valid(newUserId());
		for (int i = 0; i < 2; i++) {
			delete(token, "/v1/users/me").expectStatus().isOk();
		}
		Problems.assertProblem(delete(token, "/v1/users/me"), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"/v1/users/me");
		get(token, "/v1/users/me").expectStatus().isOk();
		delete(TestTokens.valid(newUserId()), "/v1/users/me").expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec delete(String token, String path) {
		return client().delete().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private WebTestClient.ResponseSpec createPost(String token) {
		return post(token, "/v1/posts");
	}

	private WebTestClient.ResponseSpec createPostClaimingToBe(String userId, String token) {
		return client().post()
			.uri("/v1/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("X-User-Id", userId)
			.exchange();
	}

	private WebTestClient.ResponseSpec post(String token, String path) {
		return client().post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private WebTestClient.ResponseSpec get(String token, String path) {
		return client().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private double rejected(String rule) {
		var counter = this.meterRegistry.find("pixelgram.gateway.ratelimit.rejected").tag("rule", rule).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
