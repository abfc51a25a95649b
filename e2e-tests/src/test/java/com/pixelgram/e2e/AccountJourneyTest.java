package com.pixelgram.e2e;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two people start using the app, as a phone would: through the gateway only.
 */
@ExtendWith(PixelgramStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static Journeys.Account alice;

	static Journeys.Account bob;

	@BeforeAll
	static void register() {
		alice = Journeys.register(api, "alice");
		bob = Journeys.register(api, "bob");
	}

	@Test
	@Order(1)
	void aNewUserLogsInAndSeesTheirOwnProfile() {
		Api.Reply login = api.post("/v1/auth/login",
				"{\"username\":\"" + alice.username() + "\",\"password\":\"" + alice.password() + "\"}", null);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.text("token_type")).isEqualTo("Bearer");

		Api.Reply me = api.get("/v1/users/me", login.text("access_token"));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("user_id")).isEqualTo(alice.id());
		assertThat(me.text("email")).isEqualTo(alice.username() + "@example.com");
	}

	@Test
	@Order(2)
	void aUserEditsTheirProfileAndOthersSeeIt() {
		Api.Reply edit = api.put("/v1/users/" + alice.id(),
				"{\"full_name\":\"Alice L.\",\"bio\":\"Down the rabbit hole\",\"followers_count\":1000000}",
				alice.accessToken());
		assertThat(edit.status()).as(edit.toString()).isEqualTo(200);

		JsonNode seenByBob = api.get("/v1/users/" + alice.id(), bob.accessToken()).json();
		assertThat(seenByBob.path("full_name").asString()).isEqualTo("Alice L.");
		assertThat(seenByBob.path("bio").asString()).isEqualTo("Down the rabbit hole");
		assertThat(seenByBob.path("followers_count").asLong()).isZero();
		assertThat(seenByBob.has("email")).isFalse();
	}

	@Test
	@Order(3)
	void nobodyEditsSomeoneElsesProfile() {
		Api.Reply edit = api.put("/v1/users/" + alice.id(), "{\"bio\":\"hacked\"}", bob.accessToken());

		assertThat(edit.status()).isEqualTo(403);
		assertThat(edit.isProblem()).isTrue();
		assertThat(api.get("/v1/users/" + alice.id(), bob.accessToken()).text("bio")).isEqualTo("Down the rabbit hole");
	}

	@Test
	@Order(4)
	void searchFindsAUserByAPrefixOfTheirName() {
		Api.Reply search = api.get("/v1/users/search?q=" + alice.username() + "&limit=5", bob.accessToken());

		assertThat(search.status()).as(search.toString()).isEqualTo(200);
		List<String> usernames = new ArrayList<>();
		search.json().path("users").forEach((user) -> usernames.add(user.path("username").asString()));
		assertThat(usernames).first().isEqualTo(alice.username());
	}

	@Test
	@Order(5)
	void followingIsIdempotentAndCounted() {
		assertThat(api.post("/v1/users/" + alice.id() + "/follow", "", bob.accessToken()).status()).isBetween(200, 299);
		assertThat(api.post("/v1/users/" + alice.id() + "/follow", "", bob.accessToken()).status()).isBetween(200, 299);

		JsonNode profile = api.get("/v1/users/" + alice.id(), bob.accessToken()).json();
		assertThat(profile.path("followers_count").asLong()).isEqualTo(1);
		assertThat(profile.path("is_following").asBoolean()).isTrue();
		Api.Reply followers = api.get("/v1/users/" + alice.id() + "/followers?page=1&limit=10", alice.accessToken());
		assertThat(followers.body()).contains(bob.id());
	}

	@Test
	@Order(6)
	void badInputGetsAProblemAnswerNeverAServerError() {
		List<Api.Reply> replies = List.of(api.post("/v1/users/abc/follow", "", bob.accessToken()),
				api.post("/v1/users/" + bob.id() + "/follow", "", bob.accessToken()),
				api.post("/v1/auth/register", "{\"username\":", null),
				api.post("/v1/auth/register",
						"{\"username\":\"\u0430lice\",\"email\":\"x@example.com\",\"password\":\"long enough pw\"}",
						null),
				api.get("/v1/users/search?q=", bob.accessToken()));

		assertThat(replies).allSatisfy((reply) -> {
			assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
			assertThat(reply.isProblem()).isTrue();
		});
	}

	@Test
	@Order(7)
	void forgedAndMissingTokensAreRefusedAtTheEdge() throws Exception {
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(alice.id())
			.issuer("pixelgram")
			.audience("pixelgram-api")
			.expirationTime(new java.util.Date(System.currentTimeMillis() + 600_000))
			.build();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(), claims);
		forged.sign(new ECDSASigner(stranger));
		SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		hmac.sign(new MACSigner(new byte[32]));
		String[] parts = alice.accessToken().split("\\.");
		String tampered = parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"" + bob.id() + "\"}").getBytes())
				+ "." + parts[2];

		for (String token : new String[] { null, forged.serialize(), hmac.serialize(), tampered, "garbage" }) {
			Api.Reply reply = api.get("/v1/users/me", token);
			assertThat(reply.status()).as("token %s", token).isEqualTo(401);
			assertThat(reply.isProblem()).isTrue();
		}
	}

	@Test
	@Order(8)
	void internalEndpointsAreNeverReachableThroughTheGateway() {
		Api.Reply reply = api.get("/internal/users?ids=" + alice.id(), alice.accessToken());

		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.isProblem()).isTrue();
	}

	@Test
	@Order(9)
	void refreshRotatesAndAReplayedTokenRevokesTheFamily() {
		Api.Reply rotated = api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + bob.refreshToken() + "\"}", null);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String next = rotated.text("refresh_token");

		Api.Reply replay = api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + bob.refreshToken() + "\"}", null);
		assertThat(replay.status()).isEqualTo(401);
		Api.Reply afterReplay = api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + next + "\"}", null);
		assertThat(afterReplay.status()).isEqualTo(401);
	}

	@Test
	@Order(10)
	void logoutRevokesTheRefreshToken() {
		assertThat(
				api.post("/v1/auth/logout", "{\"refresh_token\":\"" + alice.refreshToken() + "\"}", alice.accessToken())
					.status())
			.isBetween(200, 299);

		assertThat(api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + alice.refreshToken() + "\"}", null).status())
			.isEqualTo(401);
	}

	@Test
	@Order(11)
	void aUserOverTheLikeLimitGetsA429WithRetryAfter() {
		Journeys.Account carol = Journeys.register(api, "carol");
		// A well-formed ID (shard 1, early 2026) that no post has.
		String path = "/v1/posts/" + ((1_000L << 23) | (1L << 10)) + "/like";
		for (int i = 0; i < PixelgramStack.Running.LIKE_LIMIT; i++) {
			// Counted whatever the answer: the limit protects the write path, not the
			// post.
			assertThat(api.post(path, "", carol.accessToken()).status()).isEqualTo(404);
		}

		Api.Reply refused = api.post(path, "", carol.accessToken());

		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.isProblem()).isTrue();
		assertThat(refused.retryAfter())
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
		assertThat(api.get("/v1/users/me", carol.accessToken()).status()).as("other routes still answer")
			.isEqualTo(200);
	}

}
