package com.pixelgram.gateway.clientip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.netty.util.NetUtil;

import com.pixelgram.gateway.clientip.ClientAddressProperties.ForwardedHeader;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the address a request comes from without believing what a client wrote about
 * itself. The connection's peer is the client unless it is a trusted proxy; then the
 * forwarding header is read from its right end, the hop the proxy appended, leftwards for
 * as long as the hops are trusted proxies too. The first hop that is not a trusted proxy
 * is the client: what lies left of it anyone could have written. A client whose peer is
 * not trusted cannot move its address with headers at all.
 */
@Component
public class ClientAddressResolver {

	/**
	 * IPv6 clients are counted by their /64: one subscriber usually holds a whole one.
	 */
	static final int IPV6_KEY_PREFIX_LENGTH = 64;

	private static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".client";

	private final List<Cidr> trustedProxies;

	private final ForwardedHeader forwardedHeader;

	public ClientAddressResolver(ClientAddressProperties properties) {
		this.trustedProxies = properties.trustedProxies().stream().map(Cidr::parse).toList();
		this.forwardedHeader = properties.forwardedHeader();
	}

	/**
	 * The client's address of an exchange, resolved once and kept with it: the rate
	 * limits and the header the services read both ask for it.
	 * @return the address, or {@code null} when not even the connection's peer is known
	 */
	public InetAddress resolve(ServerWebExchange exchange) {
		Optional<InetAddress> client = exchange.getAttribute(ATTRIBUTE);
		if (client == null) {
			client = Optional.ofNullable(resolve(exchange.getRequest()));
			exchange.getAttributes().put(ATTRIBUTE, client);
		}
		return client.orElse(null);
	}

	/**
	 * The client's address, or {@code null} when not even the connection's peer is known.
	 */
	public InetAddress resolve(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress peer = (remote != null) ? remote.getAddress() : null;
		if (peer == null) {
			return null;
		}
		return resolve(peer, request.getHeaders());
	}

	InetAddress resolve(InetAddress peer, HttpHeaders headers) {
		InetAddress client = normalize(peer);
		if (!isTrusted(client)) {
			return client;
		}
		List<String> hops = hops(headers);
		for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
			InetAddress hop = parseHop(hops.get(i));
			if (hop == null) {
				// a trusted proxy wrote something that is no address ("unknown", an
				// obfuscated name): the proxy is the last hop known for sure
				break;
			}
			client = hop;
		}
		return client;
	}

	/**
	 * What per-IP rate limits count by: the IPv4 address, or the /64 network of an IPv6
	 * address, in which one client can choose among 2^64 addresses.
	 */
	public static String rateLimitKey(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] network = Cidr.mask(address.getAddress(), IPV6_KEY_PREFIX_LENGTH);
			return IpAddresses.format(network) + "/" + IPV6_KEY_PREFIX_LENGTH;
		}
		return NetUtil.toAddressString(address);
	}

	boolean isTrusted(InetAddress address) {
		for (Cidr proxy : this.trustedProxies) {
			if (proxy.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** The hops of the configured header, left (farthest) to right (nearest). */
	private List<String> hops(HttpHeaders headers) {
		List<String> values = headers
			.get((this.forwardedHeader == ForwardedHeader.FORWARDED) ? "Forwarded" : "X-Forwarded-For");
		List<String> hops = new ArrayList<>();
		if (values == null) {
			return hops;
		}
		for (String value : values) {
			for (String element : value.split(",", -1)) {
				hops.add((this.forwardedHeader == ForwardedHeader.FORWARDED) ? forValue(element) : element.trim());
			}
		}
		return hops;
	}

	/** The {@code for} parameter of one RFC 7239 element, or "" without one. */
	private static String forValue(String element) {
		for (String pair : element.split(";")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
				String value = pair.substring(equals + 1).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				return value;
			}
		}
		return "";
	}

	/**
	 * An address as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711},
	 * {@code 2001:db8::1}, {@code [2001:db8::1]} or {@code [2001:db8::1]:4711}.
	 */
	static InetAddress parseHop(String hop) {
		String text = hop.trim();
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				return null;
			}
			String rest = text.substring(close + 1);
			if (!rest.isEmpty() && !isPort(rest)) {
				return null;
			}
			InetAddress address = IpAddresses.parse(text.substring(1, close));
			return (address instanceof Inet6Address) ? address : null;
		}
		int colon = text.indexOf(':');
		if (colon >= 0 && colon == text.lastIndexOf(':')) {
			// one colon: IPv4 with a port
			if (!isPort(text.substring(colon))) {
				return null;
			}
			text = text.substring(0, colon);
		}
		InetAddress address = IpAddresses.parse(text);
		return (address != null) ? normalize(address) : null;
	}

	private static boolean isPort(String text) {
		if (text.length() < 2 || text.length() > 6 || text.charAt(0) != ':') {
			return false;
		}
		for (int i = 1; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** An IPv4-mapped IPv6 address is the IPv4 address it carries. */
	private static InetAddress normalize(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
			for (int i = 0; i < 10 && mapped; i++) {
				mapped = bytes[i] == 0;
			}
			if (mapped) {
				return IpAddresses.fromBytes(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
			}
			// drop a scope id, which says nothing about the client
			return IpAddresses.fromBytes(bytes);
		}
		return address;
	}

}
