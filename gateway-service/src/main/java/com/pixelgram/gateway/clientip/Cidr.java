package com.pixelgram.gateway.clientip;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network written as {@code address/prefix-length}, or a single address.
 */
record Cidr(byte[] network, int prefixLength) {

	Cidr {
		network = network.clone();
	}

	/**
	 * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 192.0.2.7} (one address).
	 * @throws IllegalArgumentException for anything else
	 */
	static Cidr parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		InetAddress parsed = IpAddresses.parse(address);
		if (parsed == null) {
			throw new IllegalArgumentException("Not a CIDR or IP address: '" + text + "'");
		}
		byte[] bytes = parsed.getAddress();
		int maxLength = bytes.length * 8;
		int length;
		try {
			length = (slash >= 0) ? Integer.parseInt(trimmed.substring(slash + 1)) : maxLength;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a CIDR: '" + text + "'");
		}
		if (length < 0 || length > maxLength) {
			throw new IllegalArgumentException("Prefix length out of range in '" + text + "'");
		}
		return new Cidr(mask(bytes, length), length);
	}

	boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		return bytes.length == this.network.length && Arrays.equals(mask(bytes, this.prefixLength), this.network);
	}

	/** The address with every bit after the first {@code length} cleared. */
	static byte[] mask(byte[] address, int length) {
		byte[] masked = address.clone();
		for (int bit = length; bit < masked.length * 8; bit++) {
			masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		return masked;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cidr cidr && cidr.prefixLength == this.prefixLength
				&& Arrays.equals(cidr.network, this.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefixLength;
	}

	@Override
	public String toString() {
		return IpAddresses.format(this.network) + "/" + this.prefixLength;
	}

}
