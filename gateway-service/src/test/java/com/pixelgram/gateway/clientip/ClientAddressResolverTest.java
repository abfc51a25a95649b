package com.pixelgram.gateway.clientip;

import java.net.InetAddress;
import java.util.List;

import com.pixelgram.gateway.clientip.ClientAddressProperties.ForwardedHeader;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressResolverTest {

	private static final ClientAddressResolver NO_PROXIES = resolver(List.of());

	private static final ClientAddressResolver BEHIND_INGRESS = resolver(
			List.of("10.0.0.0/8", "fd00::/8", "192.0.2.10"));

	@Test
	void withoutTrustedProxiesTheHeadersAreIgnored() {
		assertThat(NO_PROXIES.resolve(ip("203.0.113.5"), xff("198.51.100.1"))).isEqualTo(ip("203.0.113.5"));
		assertThat(NO_PROXIES.resolve(ip("10.1.2.3"), xff("198.51.100.1"))).isEqualTo(ip("10.1.2.3"));
	}

	@Test
	void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
		assertThat(BEHIND_INGRESS.resolve(ip("203.0.113.5"), xff("198.51.100.1, 10.0.0.7")))
			.isEqualTo(ip("203.0.113.5"));
	}

	@Test
	void theClientIsTheRightmostHopThatIsNoTrustedProxy() {
		// the client wrote "1.1.1.1, 2.2.2.2"; the edge proxy appended the client's real
		// address, an inner proxy appended the edge proxy's
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("1.1.1.1, 2.2.2.2, 198.51.100.7, 10.0.5.5")))
			.isEqualTo(ip("198.51.100.7"));
		assertThat(BEHIND_INGRESS.resolve(ip("192.0.2.10"), xff("198.51.100.7"))).isEqualTo(ip("198.51.100.7"));
	}

	@Test
	void hopsSpreadOverSeveralHeaderLinesAreOneChain() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Forwarded-For", "1.1.1.1, 198.51.100.7");
		headers.add("X-Forwarded-For", "10.0.0.9");
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), headers)).isEqualTo(ip("198.51.100.7"));
	}

	@Test
	void aChainOfTrustedProxiesOnlyIsReadToItsLeftEnd() {
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("10.9.9.9, 10.0.0.3"))).isEqualTo(ip("10.9.9.9"));
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), new HttpHeaders())).isEqualTo(ip("10.0.0.2"));
	}

	@Test
	void whatATrustedProxyWroteThatIsNoAddressStopsTheWalk() {
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("198.51.100.7, unknown"))).isEqualTo(ip("10.0.0.2"));
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("198.51.100.7, 10.0.0.3, "))).isEqualTo(ip("10.0.0.2"));
		// a host name is never looked up
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("localhost"))).isEqualTo(ip("10.0.0.2"));
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("[::1"))).isEqualTo(ip("10.0.0.2"));
	}

	@Test
	void readsAddressesWithPortsAndIpv6Hops() {
		assertThat(BEHIND_INGRESS.resolve(ip("10.0.0.2"), xff("198.51.100.7:4711"))).isEqualTo(ip("198.51.100.7"));
		assertThat(BEHIND_INGRESS.resolve(ip("fd00::1"), xff("[2001:db8::7]:443, fd00::2")))
			.isEqualTo(ip("2001:db8::7"));
		assertThat(BEHIND_INGRESS.resolve(ip("::ffff:10.0.0.2"), xff("::ffff:198.51.100.7")))
			.isEqualTo(ip("198.51.100.7"));
	}

	@Test
	void readsTheForwardedHeaderWhenConfigured() {
		ClientAddressResolver resolver = new ClientAddressResolver(
				new ClientAddressProperties(List.of("10.0.0.0/8"), ForwardedHeader.FORWARDED));
		HttpHeaders headers = new HttpHeaders();
		headers.add("Forwarded", "for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https");
		headers.add("Forwarded", "proto=https;For=10.0.0.3");
		// X-Forwarded-For is not what the proxies write here
		headers.add("X-Forwarded-For", "198.51.100.99");

		assertThat(resolver.resolve(ip("10.0.0.2"), headers)).isEqualTo(ip("2001:db8:cafe::17"));
	}

	@Test
	void keysIpv6ClientsByTheirSlash64() {
		assertThat(ClientAddressResolver.rateLimitKey(ip("2001:db8:1:2::1")))
			.isEqualTo(ClientAddressResolver.rateLimitKey(ip("2001:db8:1:2:ffff:eeee:dddd:cccc")))
			.isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddressResolver.rateLimitKey(ip("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
		assertThat(ClientAddressResolver.rateLimitKey(ip("198.51.100.7"))).isEqualTo("198.51.100.7");
	}

	@Test
	void refusesTrustedProxiesThatAreNoNetworks() {
		assertThatIllegalArgumentException().isThrownBy(() -> resolver(List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> resolver(List.of("ingress.local")));
		assertThatIllegalArgumentException().isThrownBy(() -> resolver(List.of("10.0.0.0/x")));
	}

	@Test
	void matchesNetworksBitByBit() {
		ClientAddressResolver resolver = resolver(List.of("172.16.0.0/12", "2001:db8:abcd::/48"));
		assertThat(resolver.isTrusted(ip("172.31.255.255"))).isTrue();
		assertThat(resolver.isTrusted(ip("172.32.0.0"))).isFalse();
		assertThat(resolver.isTrusted(ip("2001:db8:abcd:ffff::1"))).isTrue();
		assertThat(resolver.isTrusted(ip("2001:db8:abce::1"))).isFalse();
		assertThat(resolver.isTrusted(ip("::ffff:172.16.0.1"))).isTrue();
	}

	private static ClientAddressResolver resolver(List<String> trusted) {
		return new ClientAddressResolver(new ClientAddressProperties(trusted, ForwardedHeader.X_FORWARDED_FOR));
	}

	private static HttpHeaders xff(String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Forwarded-For", value);
		return headers;
	}

	private static InetAddress ip(String literal) {
		InetAddress address = IpAddresses.parse(literal);
		assertThat(address).as(literal).isNotNull();
		return address;
	}

}
