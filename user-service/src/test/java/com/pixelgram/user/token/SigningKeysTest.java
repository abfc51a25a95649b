package com.pixelgram.user.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeysTest {

	@Test
	void readsAPkcs8PemKeyAndDerivesItsPublicHalf() throws Exception {
		KeyPair pair = keyPair("secp256r1");

		ECKey key = PemKeys.parse("k1", pem(pair));

		ECPublicKey expected = (ECPublicKey) pair.getPublic();
		assertThat(key.getKeyID()).isEqualTo("k1");
		assertThat(key.isPrivate()).isTrue();
		assertThat(key.getX().decodeToBigInteger()).isEqualTo(expected.getW().getAffineX());
		assertThat(key.getY().decodeToBigInteger()).isEqualTo(expected.getW().getAffineY());
	}

	@Test
	void refusesKeysOfAnotherCurveOrFormat() throws Exception {
		String p384 = pem(keyPair("secp384r1"));

		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.parse("k1", p384)).withMessageContaining("P-256");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.parse("k1", "-----BEGIN EC PRIVATE KEY-----"));
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.parse(null, pem(keyPair("secp256r1"))));
	}

	@Test
	void signsWithTheActiveConfiguredKeyAndPublishesAllOfThem() throws Exception {
		TokenProperties properties = new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30),
				List.of(new TokenProperties.Key("old", pem(keyPair("secp256r1")), null, false),
						new TokenProperties.Key("new", pem(keyPair("secp256r1")), null, true)));

		SigningKeys keys = new SigningKeys(properties, null, new MockEnvironment());

		assertThat(keys.activeKid()).isEqualTo("new");
		assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder("old", "new");
		assertThat(keys.publicKeys().getKeys()).noneMatch(JWK::isPrivate);
	}

	@Test
	void needsExactlyOneActiveKeyAmongSeveral() throws Exception {
		TokenProperties properties = new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30),
				List.of(new TokenProperties.Key("a", pem(keyPair("secp256r1")), null, false),
						new TokenProperties.Key("b", pem(keyPair("secp256r1")), null, false)));

		assertThatIllegalStateException().isThrownBy(() -> new SigningKeys(properties, null, new MockEnvironment()));
	}

	@Test
	void readsAKeyFromItsFile(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("signing.pem");
		Files.writeString(file, pem(keyPair("secp256r1")));
		TokenProperties properties = new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30),
				List.of(new TokenProperties.Key("file", null, file.toString(), true)));

		SigningKeys keys = new SigningKeys(properties, null, new MockEnvironment());

		assertThat(keys.activeKid()).isEqualTo("file");
		assertThat(keys.publicKeys().getKeys().get(0).toECKey().getX().decodeToBigInteger())
			.isEqualTo(PemKeys.parse("file", Files.readString(file)).getX().decodeToBigInteger());
	}

	@Test
	void refusesToGenerateAKeyOutsideTheLocalProfileBeforeTouchingTheDatabase() {
		TokenProperties properties = new TokenProperties(Duration.ofMinutes(15), Duration.ofDays(30), List.of());

		// A null store: the refusal comes first, nothing is generated or stored.
		assertThatIllegalStateException().isThrownBy(() -> new SigningKeys(properties, null, new MockEnvironment()))
			.withMessageContaining("local");
	}

	private static KeyPair keyPair(String curve) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec(curve));
		return generator.generateKeyPair();
	}

	private static String pem(KeyPair pair) {
		return "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
	}

}
