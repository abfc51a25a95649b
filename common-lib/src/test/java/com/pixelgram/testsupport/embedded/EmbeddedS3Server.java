package com.pixelgram.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.pixelgram.testsupport.DevStackProcess;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;

import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * An S3 endpoint (S3Proxy) over a filesystem blob store, for tests and dev-stack; it
 * accepts the credentials {@code dev}/{@code dev}, which dev-stack gives every service.
 */
public final class EmbeddedS3Server implements AutoCloseable {

	private static final String ACCESS_KEY = "dev";

	private static final String SECRET_KEY = "dev";

	private final S3Proxy proxy;

	private final BlobStore blobStore;

	private final int port;

	private final Path temporaryDirectory;

	private boolean stopped;

	private EmbeddedS3Server(S3Proxy proxy, BlobStore blobStore, int port, Path temporaryDirectory) {
		this.proxy = proxy;
		this.blobStore = blobStore;
		this.port = port;
		this.temporaryDirectory = temporaryDirectory;
	}

	/**
	 * Starts a server on 127.0.0.1.
	 * @param port the port, or 0 for any free port
	 * @param directory where buckets are kept across restarts, or {@code null} for a
	 * temporary directory deleted on close
	 * @param publicPrefix the key prefix whose objects {@code GET /<bucket>/<key>}
	 * returns without credentials, as a CDN in front of that part of the bucket would, or
	 * {@code null} for none; every other request still needs credentials
	 * @return the running server
	 */
	public static EmbeddedS3Server start(int port, Path directory, String publicPrefix) {
		int actualPort = FreePorts.resolve(port);
		Path temporaryDirectory = (directory != null) ? null : createTempDirectory();
		Path baseDirectory = (directory != null) ? directory : temporaryDirectory;
		try {
			Files.createDirectories(baseDirectory);
			Properties properties = new Properties();
			properties.setProperty("jclouds.filesystem.basedir", baseDirectory.toAbsolutePath().toString());
			BlobStore filesystem = BlobStores.create("filesystem", properties);
			BlobStore blobStore = (publicPrefix != null) ? new PublicReadBlobStore(filesystem, publicPrefix)
					: filesystem;
			S3Proxy proxy = S3Proxy.builder()
				.blobStore(blobStore)
				.endpoint(URI.create("http://127.0.0.1:" + actualPort))
				.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
				.build();
			proxy.start();
			return new EmbeddedS3Server(proxy, blobStore, actualPort, temporaryDirectory);
		}
		catch (Exception ex) {
			DevStackProcess.deleteRecursively(temporaryDirectory);
			throw new IllegalStateException("S3Proxy did not start on port " + actualPort, ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	public String accessKey() {
		return ACCESS_KEY;
	}

	public String secretKey() {
		return SECRET_KEY;
	}

	/**
	 * Creates a bucket unless it exists.
	 * @param bucket the bucket name
	 */
	public void createBucketIfMissing(String bucket) {
		if (!this.blobStore.containerExists(bucket)) {
			this.blobStore.createContainer(bucket);
		}
	}

	@Override
	public synchronized void close() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		try {
			this.proxy.stop();
			this.blobStore.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("S3Proxy did not stop cleanly", ex);
		}
		finally {
			DevStackProcess.deleteRecursively(this.temporaryDirectory);
		}
	}

	private static Path createTempDirectory() {
		try {
			return Files.createTempDirectory("pixelgram-s3");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reports every object as public-read. S3Proxy serves an anonymous GET only for a
	 * public-read object, and the filesystem store keeps that as the file's "others read"
	 * bit, which a plain put (private) clears; the services are not to be changed for
	 * dev, so the whole bucket behaves as if a CDN stood in front of it.
	 */
	/** Reads objects under one prefix anonymously; everything else stays private. */
	private static final class PublicReadBlobStore extends ForwardingBlobStore {

		private final String publicPrefix;

		PublicReadBlobStore(BlobStore delegate, String publicPrefix) {
			super(delegate);
			this.publicPrefix = publicPrefix;
		}

		@Override
		public ObjectCannedACL getBlobAccess(String container, String name) {
			return name.startsWith(this.publicPrefix) ? ObjectCannedACL.PUBLIC_READ
					: super.getBlobAccess(container, name);
		}

		@Override
		public ObjectCannedACL getBlobAccess(String container, String name, String versionId) {
			return name.startsWith(this.publicPrefix) ? ObjectCannedACL.PUBLIC_READ
					: super.getBlobAccess(container, name, versionId);
		}

	}

}
