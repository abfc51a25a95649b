package com.pixelgram.gateway.requestsize;

import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.RawHttp;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSizeTest extends GatewayIntegrationTest {

	private static final int MEGABYTE = 1024 * 1024;

	@Test
	void refusesDeclaredBodyOverTwelveMegabytesBeforeReadingIt() {
		String path = "/v1/posts/" + unique() + "/comments";
		// the head alone: the gateway must answer without waiting for 13 MB
		String response = RawHttp.send(this.port,
				"POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
						+ TestTokens.valid(newUserId()) + "\r\nContent-Type: application/octet-stream\r\n"
						+ "Content-Length: " + 13 * MEGABYTE + "\r\nConnection: close\r\n\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(413);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.contains("\"type\":\"https://pixelgram.dev/problems/payload-too-large\"", "\"status\":413",
					"\"instance\":\"" + path + "\"");
		assertThat(Downstreams.POST.received(path)).isEmpty();
	}

	@Test
	void forwardsBodyUnderTheLimit() {
		String path = "/v1/posts/" + unique() + "/comments";
		client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[11 * MEGABYTE])
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(Downstreams.POST.received(path)).singleElement()
			.satisfies((request) -> assertThat(request.bodyBytes()).isEqualTo(11 * MEGABYTE));
	}

	@Test
	void refusesStreamedBodyWithoutLengthOnceItPassesTwelveMegabytes() {
		String path = "/v1/posts/" + unique() + "/comments";
		byte[] chunk = new byte[MEGABYTE];
		Flux<DataBuffer> thirteenMegabytes = Flux.range(0, 13)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
		client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(thirteenMegabytes, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://pixelgram.dev/problems/payload-too-large");
		assertThat(Downstreams.POST.received(path))
			.allSatisfy((request) -> assertThat(request.bodyBytes()).isLessThan(13L * MEGABYTE));
	}

}
