package com.pixelgram.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a server (the tests' Postgres), which a test can take down in
 * the two ways a database goes away: {@link #refuse()} (the port is closed and every
 * connection reset, as a stopped server) and {@link #hang()} (connections are accepted,
 * and nothing is ever answered on them or on the connections already open, as a server
 * behind a dead network path). {@link #forward()} brings it back, with new connections
 * only. It counts the bytes it passes each way, so that a test can measure what a request
 * costs on the wire.
 */
public final class TcpProxy implements AutoCloseable {

	private enum Mode {

		FORWARD, HANG, REFUSE

	}

	/** The servers, tried in turn for each new connection. */
	private final List<InetSocketAddress> targets;

	private final AtomicInteger nextTarget = new AtomicInteger();

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong bytesToServer = new AtomicLong();

	private final AtomicLong bytesFromServer = new AtomicLong();

	private volatile Mode mode = Mode.FORWARD;

	private volatile ServerSocket listener;

	private TcpProxy(List<InetSocketAddress> targets) {
		this.targets = List.copyOf(targets);
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		acceptOn(this.listener);
	}

	/** A proxy to the server of a JDBC URL ({@code jdbc:postgresql://host:port/db}). */
	public static TcpProxy forJdbcUrl(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		return to(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432);
	}

	/**
	 * A proxy to any TCP server, such as an HTTP endpoint.
	 * @param host the server's host
	 * @param port the server's port
	 * @return the proxy, forwarding
	 */
	public static TcpProxy to(String host, int port) {
		return new TcpProxy(List.of(InetSocketAddress.createUnresolved(host, port)));
	}

	/**
	 * A proxy in front of several replicas of a server, as a load balancer at the
	 * connection level: each new connection goes to the next server in turn, and to the
	 * one after it when that one refuses (a replica that is down gets none).
	 * @param host the servers' host
	 * @param ports the servers' ports
	 * @return the proxy, forwarding
	 */
	public static TcpProxy roundRobin(String host, List<Integer> ports) {
		return new TcpProxy(ports.stream().map((port) -> InetSocketAddress.createUnresolved(host, port)).toList());
	}

	/** The JDBC URL with the proxy in place of the server. */
	public String proxied(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String authority = uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
		return jdbcUrl.replaceFirst(java.util.regex.Pattern.quote(authority), "127.0.0.1:" + this.port);
	}

	public int port() {
		return this.port;
	}

	/** Bytes passed from clients to the server since the proxy started. */
	public long bytesToServer() {
		return this.bytesToServer.get();
	}

	/** Bytes passed from the server to clients since the proxy started. */
	public long bytesFromServer() {
		return this.bytesFromServer.get();
	}

	/** Passes connections through again; connections from before are reset. */
	public synchronized void forward() {
		Mode previous = this.mode;
		this.mode = Mode.FORWARD;
		if (previous == Mode.HANG) {
			resetAll();
		}
		if (this.listener == null) {
			this.listener = listen(this.port);
			acceptOn(this.listener);
		}
	}

	/** Closes the port and resets every connection: a server that is stopped. */
	public synchronized void refuse() {
		this.mode = Mode.REFUSE;
		ServerSocket current = this.listener;
		this.listener = null;
		closeQuietly(current);
		resetAll();
	}

	/**
	 * Accepts connections and answers nothing, on new connections and on the ones already
	 * open: a server that does not answer.
	 */
	public synchronized void hang() {
		this.mode = Mode.HANG;
	}

	@Override
	public synchronized void close() {
		refuse();
	}

	private static ServerSocket listen(int port) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void acceptOn(ServerSocket server) {
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					this.sockets.add(client);
					if (this.mode == Mode.HANG) {
						// Held open, never answered.
						continue;
					}
					connect(client);
				}
				catch (IOException ex) {
					// closed by refuse(), or the target refused: the client sees a reset
				}
			}
		}, "tcp-proxy-accept-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void connect(Socket client) throws IOException {
		Socket upstream = null;
		IOException refused = null;
		int first = Math.floorMod(this.nextTarget.getAndIncrement(), this.targets.size());
		for (int i = 0; i < this.targets.size() && upstream == null; i++) {
			InetSocketAddress target = this.targets.get((first + i) % this.targets.size());
			try {
				upstream = new Socket(target.getHostString(), target.getPort());
			}
			catch (IOException ex) {
				refused = ex;
			}
		}
		if (upstream == null) {
			closeQuietly(client);
			throw refused;
		}
		this.sockets.add(upstream);
		pump(client, upstream, this.bytesToServer);
		pump(upstream, client, this.bytesFromServer);
	}

	private void pump(Socket from, Socket to, AtomicLong passed) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					while (this.mode == Mode.HANG && !to.isClosed()) {
						Thread.sleep(10);
					}
					// counted before it is passed on: once a client has the bytes, so
					// does the count
					passed.addAndGet(read);
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// reset by the proxy or by either end
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pump-" + this.port);
		pump.setDaemon(true);
		pump.start();
	}

	private void resetAll() {
		for (Socket socket : this.sockets) {
			try {
				// RST rather than FIN, as a server that is gone
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// already closed
			}
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing left to release
		}
	}

}
