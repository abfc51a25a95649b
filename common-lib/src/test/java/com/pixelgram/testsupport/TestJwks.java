package com.pixelgram.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Access tokens as user-service issues them (ES256 with a {@code kid}, issuer
 * {@code pixelgram}, audience {@code pixelgram-api}), signed by a key whose public half a
 * real local JWKS endpoint publishes, so a service under test verifies them exactly as in
 * production.
 */
public final class TestJwks implements AutoCloseable {

	private final ECKey key;

	private final HttpServer server;

	private TestJwks(ECKey key, HttpServer server) {
		this.key = key;
		this.server = server;
	}

	/** A new key and a JWKS endpoint on a free local port. */
	public static TestJwks start() {
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID("test-" + Long.toHexString(System.nanoTime())).generate();
			byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return new TestJwks(key, server);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The value of {@code pixelgram.security.jwks-uri}. */
	public String jwksUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
	}

	/** A valid 15-minute access token of the user. */
	public String token(long userId) {
		return sign(claims(userId).build());
	}

	/**
	 * A valid 15-minute access token of the user whose {@code email_verified} claim says
	 * whether the user's email is verified, as user-service issues them.
	 */
	public String token(long userId, boolean emailVerified) {
		return sign(claims(userId).claim("email_verified", emailVerified).build());
	}

	private static JWTClaimsSet.Builder claims(long userId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(Long.toString(userId))
			.issuer("pixelgram")
			.audience("pixelgram-api")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(900)));
	}

	/** Any claims, signed with this key: for tests of expired or foreign tokens. */
	public String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build(),
					claims);
			jwt.sign(new ECDSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
