package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a file that keeps a second dev-stack from starting over the same
 * data directory.
 */
final class InstanceLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private InstanceLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock without waiting. The operating system releases it when the process
	 * ends, however it ends, so a crash never leaves a stale lock behind.
	 * @param file the lock file, created if missing
	 * @return the lock, or empty when another holder has it
	 * @throws IOException if the file cannot be opened
	 */
	static Optional<InstanceLock> tryAcquire(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		try {
			FileLock lock = channel.tryLock();
			if (lock != null) {
				return Optional.of(new InstanceLock(channel, lock));
			}
		}
		catch (OverlappingFileLockException ex) {
			// held by this JVM already, which counts as held
		}
		channel.close();
		return Optional.empty();
	}

	@Override
	public void close() throws IOException {
		try {
			this.lock.release();
		}
		finally {
			this.channel.close();
		}
	}

}
