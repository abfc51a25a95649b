package com.pixelgram.gateway.clientip;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netty.util.NetUtil;

/**
 * IP literals only: a header value is never looked up in DNS.
 */
final class IpAddresses {

	private IpAddresses() {
	}

	/**
	 * The address an IP literal names, or {@code null} when the text is not one. An
	 * IPv4-mapped IPv6 address comes back as the IPv4 address.
	 */
	static InetAddress parse(String literal) {
		if (literal == null || literal.isEmpty()) {
			return null;
		}
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
		return (bytes != null) ? fromBytes(bytes) : null;
	}

	static InetAddress fromBytes(byte[] bytes) {
		try {
			// no lookup happens for raw bytes
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	static String format(byte[] bytes) {
		InetAddress address = fromBytes(bytes);
		return (address != null) ? NetUtil.toAddressString(address) : "?";
	}

}
