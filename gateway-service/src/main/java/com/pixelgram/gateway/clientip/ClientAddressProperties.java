package com.pixelgram.gateway.clientip;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whose forwarding headers the gateway believes when it decides which address a request
 * comes from (per-IP rate limits key on it).
 *
 * @param trustedProxies the proxies in front of the gateway (an ingress controller, a
 * load balancer) as CIDRs or single addresses, IPv4 or IPv6, e.g. {@code 10.0.0.0/8};
 * empty: no proxy is trusted and the connection's peer is the client
 * @param forwardedHeader the header the trusted proxies append the address they saw to
 */
@ConfigurationProperties("pixelgram.gateway")
public record ClientAddressProperties(@DefaultValue List<String> trustedProxies,
		@DefaultValue("x-forwarded-for") ForwardedHeader forwardedHeader) {

	/** The forwarding headers a proxy may write. */
	public enum ForwardedHeader {

		/** {@code X-Forwarded-For: client, proxy1, proxy2}. */
		X_FORWARDED_FOR,

		/** RFC 7239 {@code Forwarded: for=client, for=proxy1}. */
		FORWARDED

	}

}
