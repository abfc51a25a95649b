package com.pixelgram.user.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

/** Reads configured signing keys: EC P-256 private keys in PKCS#8 PEM. */
final class PemKeys {

	private PemKeys() {
	}

	/**
	 * The key pair of a PEM private key; the public half is derived from it, so that
	 * configuration holds one value per key.
	 * @throws IllegalArgumentException when the text is not a P-256 PKCS#8 private key
	 */
	static ECKey parse(String kid, String pem) {
		if (kid == null || kid.isBlank()) {
			throw new IllegalArgumentException("every configured signing key needs a kid");
		}
		if (pem == null || !pem.contains("-----BEGIN PRIVATE KEY-----")) {
			throw new IllegalArgumentException(
					"signing key " + kid + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
		}
		String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
			.replace("-----END PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		try {
			KeyFactory factory = KeyFactory.getInstance("EC");
			ECPrivateKey privateKey = (ECPrivateKey) factory
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
			if (!Curve.P_256.equals(Curve.forECParameterSpec(privateKey.getParams()))) {
				throw new IllegalArgumentException("signing key " + kid + " is not on curve P-256");
			}
			ECPublicKey publicKey = (ECPublicKey) factory
				.generatePublic(new ECPublicKeySpec(publicPoint(privateKey.getS()), privateKey.getParams()));
			return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey)
				.keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.build();
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("signing key " + kid + " is not a valid EC private key", ex);
		}
	}

	private static ECPoint publicPoint(BigInteger secret) {
		ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
		org.bouncycastle.math.ec.ECPoint point = curve.getG().multiply(secret).normalize();
		return new ECPoint(point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger());
	}

}
