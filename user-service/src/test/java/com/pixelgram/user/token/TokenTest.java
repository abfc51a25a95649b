package com.pixelgram.user.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTest extends UserIntegrationTest {

	@Autowired
	SigningKeys keys;

	@Autowired
	GeneratedKeyStore keyStore;

	@Autowired
	Shards shards;

	@Test
	void issuesAnEs256AccessTokenWithTheAgreedClaims() throws Exception {
		TestUser user = register();

		SignedJWT jwt = SignedJWT.parse(user.accessToken());
		JWTClaimsSet claims = jwt.getJWTClaimsSet();

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.keys.activeKid());
		assertThat(claims.getSubject()).isEqualTo(Long.toString(user.id()));
		assertThat(claims.getIssuer()).isEqualTo("pixelgram");
		assertThat(claims.getAudience()).containsExactly("pixelgram-api");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void publishesTheKeyOfIssuedTokensInTheJwks() throws Exception {
		TestUser user = register();
		SignedJWT jwt = SignedJWT.parse(user.accessToken());

		HttpReply reply = api().get("/.well-known/jwks.json", null);

		reply.assertStatus(200);
		JWKSet jwks = JWKSet.parse(reply.body());
		ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(key).isNotNull();
		assertThat(key.isPrivate()).isFalse();
		assertThat(key.getCurve()).isEqualTo(Curve.P_256);
		assertThat(reply.body()).doesNotContain("\"d\"");
		assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
	}

	@Test
	void keepsTheGeneratedKeySoThatRestartsAndReplicasAgree() {
		List<ECKey> stored = this.keyStore.loadOrCreate();

		assertThat(stored).hasSize(1);
		assertThat(stored.get(0).getKeyID()).isEqualTo(this.keys.activeKid());
	}

	static Stream<Arguments> forgedTokens() {
		return Stream.of(
				Arguments.of("expired",
						(Function<Forge, String>) (forge) -> forge
							.signed(forge.claims().issueTime(forge.ago(20)).expirationTime(forge.ago(5)).build())),
				Arguments.of("tampered subject", (Function<Forge, String>) Forge::tampered),
				Arguments.of("alg none",
						(Function<Forge, String>) (forge) -> new PlainJWT(forge.claims().build()).serialize()),
				Arguments.of("HS256 signed with the public key", (Function<Forge, String>) Forge::hs256WithPublicKey),
				Arguments.of("signed by another key with our kid", (Function<Forge, String>) Forge::foreignKey),
				Arguments.of("wrong issuer",
						(Function<Forge, String>) (forge) -> forge.signed(forge.claims().issuer("evil").build())),
				Arguments.of("wrong audience",
						(Function<Forge, String>) (forge) -> forge.signed(forge.claims().audience("other").build())),
				Arguments.of("no expiry",
						(Function<Forge, String>) (forge) -> forge.signed(forge.claims().expirationTime(null).build())),
				Arguments.of("non-numeric subject",
						(Function<Forge, String>) (forge) -> forge.signed(forge.claims().subject("admin").build())),
				Arguments.of("garbage", (Function<Forge, String>) (forge) -> "not.a.token"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void refusesForgedTokens(String description, Function<Forge, String> forgery) {
		TestUser user = register();
		Forge forge = new Forge(this.keys, user.id(), user.accessToken());
		api().get("/v1/users/me", forge.signed(forge.claims().build())).assertStatus(200);

		HttpReply reply = api().get("/v1/users/me", forgery.apply(forge));

		reply.assertProblem(401, "unauthorized");
		assertThat(reply.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void rotatesTheRefreshToken() {
		TestUser user = register();

		JsonNode first = refresh(user.refreshToken()).assertStatus(200);
		JsonNode second = refresh(first.path("refresh_token").asString()).assertStatus(200);

		assertThat(first.path("refresh_token").asString()).isNotEqualTo(user.refreshToken())
			.startsWith(user.id() + ".");
		assertThat(second.path("refresh_token").asString()).isNotEqualTo(first.path("refresh_token").asString());
		assertThat(first.path("user").path("user_id").asString()).isEqualTo(Long.toString(user.id()));
		assertThat(first.path("token_type").asString()).isEqualTo("Bearer");
		api().get("/v1/users/me", second.path("access_token").asString()).assertStatus(200);
	}

	@Test
	void replayingARotatedRefreshTokenRevokesTheWholeFamily() {
		TestUser user = register();
		String rotated = refresh(user.refreshToken()).assertStatus(200).path("refresh_token").asString();

		HttpReply replay = refresh(user.refreshToken());
		HttpReply successor = refresh(rotated);

		replay.assertProblem(401, "unauthorized");
		successor.assertProblem(401, "unauthorized");
		Long live = this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM refresh_token WHERE user_id = :id AND revoked_at IS NULL")
					.param("id", user.id())
					.query(Long.class)
					.single());
		assertThat(live).isZero();
	}

	@Test
	void replayRevokesOnlyThatSession() {
		TestUser user = register();
		String otherSession = api()
			.post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null)
			.assertStatus(200)
			.path("refresh_token")
			.asString();
		refresh(user.refreshToken()).assertStatus(200);

		refresh(user.refreshToken()).assertProblem(401, "unauthorized");

		refresh(otherSession).assertStatus(200);
	}

	@Test
	void logoutRevokesTheRefreshToken() {
		TestUser user = register();

		api().post("/v1/auth/logout", Api.json("refresh_token", user.refreshToken()), user.accessToken())
			.assertStatus(204);

		refresh(user.refreshToken()).assertProblem(401, "unauthorized");
	}

	@Test
	void logoutNeedsTheAccessTokenAndOnlyEndsTheCallersOwnSession() {
		TestUser user = register();
		TestUser other = register();

		api().post("/v1/auth/logout", Api.json("refresh_token", user.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		api().post("/v1/auth/logout", Api.json("refresh_token", user.refreshToken()), other.accessToken())
			.assertStatus(204);

		refresh(user.refreshToken()).assertStatus(200);
	}

	@Test
	void keepsTheTimeOfTheSessionsLoginAcrossRefreshesAsAuthTime() throws Exception {
		TestUser user = register();
		long loggedIn = SignedJWT.parse(user.accessToken()).getJWTClaimsSet().getLongClaim("auth_time");
		// the session began an hour ago: its refreshes must keep saying so
		this.shards.write(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE refresh_token SET authenticated_at = authenticated_at - interval '1 hour' "
							+ "WHERE user_id = :id")
					.param("id", user.id())
					.update());

		JsonNode first = refresh(user.refreshToken()).assertStatus(200);
		JsonNode second = refresh(first.path("refresh_token").asString()).assertStatus(200);

		JWTClaimsSet refreshed = SignedJWT.parse(second.path("access_token").asString()).getJWTClaimsSet();
		assertThat(refreshed.getLongClaim("auth_time")).isEqualTo(loggedIn - 3600);
		assertThat(refreshed.getIssueTime().toInstant().getEpochSecond()).isGreaterThanOrEqualTo(loggedIn);
		assertThat(Math.abs(loggedIn - Instant.now().getEpochSecond())).isLessThan(120);
	}

	@Test
	void refusesAnExpiredRefreshToken() {
		TestUser user = register();
		this.shards.write(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE user_id = :id")
					.param("id", user.id())
					.update());

		refresh(user.refreshToken()).assertProblem(401, "unauthorized");
	}

	@Test
	void refusesRefreshTokensThatAreNotOurs() {
		TestUser user = register();
		String secret = user.refreshToken().substring(user.refreshToken().indexOf('.') + 1);

		refresh("garbage").assertProblem(401, "unauthorized");
		refresh(user.id() + "." + "A".repeat(43)).assertProblem(401, "unauthorized");
		// Someone else's ID in front of a real secret: the digest covers the prefix.
		refresh((user.id() + 1) + "." + secret).assertProblem(401, "unauthorized");
		refresh(Long.MAX_VALUE + "." + secret).assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", "{}", null).assertProblem(400, "validation");
		api().post("/v1/auth/refresh", Api.json("refresh_token", "x".repeat(101)), null)
			.assertProblem(400, "validation");
	}

	private HttpReply refresh(String refreshToken) {
		return api().post("/v1/auth/refresh", Api.json("refresh_token", refreshToken), null);
	}

	/** Makes tokens for a user, right and wrong. */
	record Forge(SigningKeys keys, long userId, String validToken) {

		JWTClaimsSet.Builder claims() {
			Instant now = Instant.now();
			return new JWTClaimsSet.Builder().subject(Long.toString(this.userId))
				.issuer("pixelgram")
				.audience("pixelgram-api")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
				.jwtID("test");
		}

		Date ago(int minutes) {
			return Date.from(Instant.now().minus(Duration.ofMinutes(minutes)));
		}

		String signed(JWTClaimsSet claims) {
			return sign(claims, this.keys.signer());
		}

		String tampered() {
			String[] parts = this.validToken.split("\\.");
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"sub\":\"" + this.userId + "\"", "\"sub\":\"" + (this.userId + 1) + "\"");
			return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
					+ parts[2];
		}

		String hs256WithPublicKey() {
			try {
				byte[] secret = this.keys.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
				SignedJWT jwt = new SignedJWT(
						new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.keys.activeKid()).build(),
						claims().build());
				jwt.sign(new MACSigner(secret));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String foreignKey() {
			try {
				ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(this.keys.activeKid()).generate();
				return sign(claims().build(), new ECDSASigner(foreign));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private String sign(JWTClaimsSet claims, JWSSigner signer) {
			try {
				SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.keys.activeKid())
					.type(JOSEObjectType.JWT)
					.build(), claims);
				jwt.sign(signer);
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
