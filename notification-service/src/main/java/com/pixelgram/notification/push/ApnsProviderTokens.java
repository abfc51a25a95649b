package com.pixelgram.notification.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * APNs provider tokens: an ES256 JWT ({@code iss} the team, {@code kid} the key) signed
 * with the team's {@code .p8} key, reused for a configured lifetime (APNs refuses tokens
 * renewed more often than every 20 minutes or older than an hour).
 */
class ApnsProviderTokens implements AccessTokenSource {

	private final String teamId;

	private final String keyId;

	private final ECPrivateKey key;

	private final Duration lifetime;

	private final Clock clock;

	private String token;

	private Instant renewAt = Instant.MIN;

	ApnsProviderTokens(String teamId, String keyId, String pkcs8Pem, Duration lifetime, Clock clock) {
		this.teamId = teamId;
		this.keyId = keyId;
		this.key = privateKey(pkcs8Pem);
		this.lifetime = lifetime;
		this.clock = clock;
	}

	static ApnsProviderTokens fromFile(PushProperties.Apns apns) {
		try {
			return new ApnsProviderTokens(apns.teamId(), apns.keyId(), Files.readString(Path.of(apns.privateKeyFile())),
					apns.tokenLifetime(), Clock.systemUTC());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the APNs key file " + apns.privateKeyFile(), ex);
		}
	}

	@Override
	public synchronized String token() {
		Instant now = this.clock.instant();
		if (this.token == null || !now.isBefore(this.renewAt)) {
			this.token = sign(now);
			this.renewAt = now.plus(this.lifetime);
		}
		return this.token;
	}

	@Override
	public synchronized void invalidate() {
		this.token = null;
	}

	private String sign(Instant now) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.keyId).build(),
				new JWTClaimsSet.Builder().issuer(this.teamId).issueTime(Date.from(now)).build());
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign the APNs provider token", ex);
		}
		return jwt.serialize();
	}

	private static ECPrivateKey privateKey(String pem) {
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return (ECPrivateKey) KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("the APNs key is not a PKCS#8 EC key", ex);
		}
	}

}
