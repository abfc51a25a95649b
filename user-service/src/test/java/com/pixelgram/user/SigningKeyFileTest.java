package com.pixelgram.user;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeyFileTest {

	@Test
	void theKeyJobWritesAnEcP256PrivateKeyOnceReadableByItsOwnerOnly(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("keys/signing.pem");

		boolean first = SigningKeyFile.createIfAbsent(file);
		String written = Files.readString(file);
		boolean second = SigningKeyFile.createIfAbsent(file);

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(Files.readString(file)).isEqualTo(written);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		try (var entries = Files.list(file.getParent())) {
			assertThat(entries).containsExactly(file);
		}
		assertThat(written).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
		String base64 = written.replace("-----BEGIN PRIVATE KEY-----", "")
			.replace("-----END PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		assertThat(key.getParams().getOrder().toString(16))
			.isEqualTo("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
	}

}
