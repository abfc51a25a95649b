package com.pixelgram.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Makes a signing key file once (the format the token feature reads from
 * {@code private-key-file}), for a deployment that has no Secret store: compose runs the
 * user-service image with {@value #COMMAND} as a one-shot job that writes the key into a
 * volume, and user-service reads it from there
 * ({@code pixelgram.users.tokens.keys[0].private-key-file}). The key never leaves the
 * volume.
 */
final class SigningKeyFile {

	/** The argument that runs this instead of the service. */
	static final String COMMAND = "generate-signing-key";

	private SigningKeyFile() {
	}

	/**
	 * Writes a new EC P-256 private key, PKCS#8 PEM, readable by its owner only, unless
	 * the file exists already.
	 * @param file where the key goes
	 * @return whether a key was written (false: the file was there and is kept)
	 * @throws IOException when the file cannot be written
	 */
	static boolean createIfAbsent(Path file) throws IOException {
		if (Files.exists(file)) {
			return false;
		}
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, ".signing-key", ".tmp");
		try {
			restrict(temporary);
			Files.writeString(temporary, pem(), StandardCharsets.US_ASCII);
			try {
				// A hard link is made only where no file is: of two jobs racing, the
				// first key stays (an atomic move would replace it on POSIX).
				Files.createLink(file, temporary);
			}
			catch (FileAlreadyExistsException ex) {
				return false;
			}
			return true;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static void restrict(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system (Windows): its ACLs apply.
		}
	}

	private static String pem() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
			return "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
					+ "\n-----END PRIVATE KEY-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate an EC P-256 key", ex);
		}
	}

}
