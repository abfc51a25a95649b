package com.pixelgram.gateway.clientip;

import java.net.InetAddress;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the services who the client is: {@code X-Forwarded-For} on a forwarded request
 * holds the one address this gateway resolved from its trusted proxies, never what the
 * client wrote. user-service throttles logins by it; the services trust the header only
 * from internal addresses (the gateway's), as their forward-headers strategy says.
 */
@Component
class ClientAddressHeadersFilter implements HttpHeadersFilter, Ordered {

	static final String HEADER = "X-Forwarded-For";

	private final ClientAddressResolver resolver;

	ClientAddressHeadersFilter(ClientAddressResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(input);
		headers.remove(HEADER);
		headers.remove("Forwarded");
		InetAddress client = this.resolver.resolve(exchange);
		if (client != null) {
			headers.set(HEADER, client.getHostAddress());
		}
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	/** After the gateway's own forwarding filters, so that its value is the one sent. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
