package com.pixelgram.gateway.requestsize;

import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.RawHttp;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The request-size guard, with the upload limit pinned at 12 MB (the default, 102 MB,
 * fits a carousel of ten 10 MB photos) so that a refused upload stays below the 32 MB
 * drain limit and one over it can still be sent in a test.
 */
@TestPropertySource(properties = "pixelgram.gateway.request-size.max-upload-body=12MB")
class RequestSizeTest extends GatewayIntegrationTest {

	private static final int KILOBYTE = 1024;

	private static final int MEGABYTE = 1024 * KILOBYTE;

	@Test
	void refusesDeclaredJsonBodyOverSixtyFourKilobytesBeforeReadingIt() {
		String path = "/v1/posts/" + unique() + "/comments";
		// the head alone: the gateway must answer without waiting for the body
		String response = RawHttp.send(this.port,
				"POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
						+ TestTokens.valid(newUserId()) + "\r\nContent-Type: application/json\r\n" + "Content-Length: "
						+ (64 * KILOBYTE + 1) + "\r\nConnection: close\r\n\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(413);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.contains("\"type\":\"https://pixelgram.dev/problems/payload-too-large\"", "\"status\":413",
					"\"instance\":\"" + path + "\"", "larger than 64 KB");
		assertThat(Downstreams.POST.received(path)).isEmpty();
	}

	@Test
	void refusesDeclaredUploadOverTwelveMegabytesBeforeReadingIt() {
		String token = TestTokens.valid(newUserId());
		String response = RawHttp.send(this.port,
				"POST /v1/posts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
						+ "\r\nContent-Type: multipart/form-data; boundary=x\r\n" + "Content-Length: " + (13 * MEGABYTE)
						+ "\r\nConnection: close\r\n\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(413);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.contains("\"type\":\"https://pixelgram.dev/problems/payload-too-large\"", "larger than 12 MB");
		assertThat(Downstreams.POST.received("/v1/posts"))
			.noneMatch((request) -> ("Bearer " + token).equals(request.header("Authorization")));
	}

	@Test
	void forwardsAnUploadUnderTwelveMegabytes() {
		String token = TestTokens.valid(newUserId());
		client().post()
			.uri("/v1/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[11 * MEGABYTE])
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(Downstreams.POST.received("/v1/posts"))
			.filteredOn((request) -> ("Bearer " + token).equals(request.header("Authorization")))
			.singleElement()
			.satisfies((request) -> assertThat(request.bodyBytes()).isEqualTo(11 * MEGABYTE));
	}

	@Test
	void forwardsAJsonBodyUnderSixtyFourKilobytes() {
		String path = "/v1/posts/" + unique() + "/comments";
		client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new byte[64 * KILOBYTE])
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(Downstreams.POST.received(path)).singleElement()
			.satisfies((request) -> assertThat(request.bodyBytes()).isEqualTo(64 * KILOBYTE));
	}

	@Test
	void refusesAStreamedJsonBodyWithoutLengthOncePastSixtyFourKilobytes() {
		String path = "/v1/posts/" + unique() + "/comments";
		client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks(16 * KILOBYTE, 64), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://pixelgram.dev/problems/payload-too-large");
		assertThat(Downstreams.POST.received(path))
			.allSatisfy((request) -> assertThat(request.bodyBytes()).isLessThanOrEqualTo(64L * KILOBYTE));
	}

	@Test
	void refusesAStreamedUploadWithoutLengthOncePastTwelveMegabytes() {
		String token = TestTokens.valid(newUserId());
		client().post()
			.uri("/v1/posts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(chunks(MEGABYTE, 13), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://pixelgram.dev/problems/payload-too-large");
		assertThat(Downstreams.POST.received("/v1/posts"))
			.filteredOn((request) -> ("Bearer " + token).equals(request.header("Authorization")))
			.allSatisfy((request) -> assertThat(request.bodyBytes()).isLessThanOrEqualTo(12L * MEGABYTE));
	}

	/**
	 * Python's urllib, OkHttp and URLSession write the whole body before they read: the
	 * refusal must still reach them, not a reset connection, whether the body declares
	 * its length or is chunked, and whether the client asks to keep the connection.
	 */
	@ParameterizedTest(name = "{0} {1} MB, chunked={2}, Connection: close={3}")
	@CsvSource({ "/v1/auth/login, 11, false, true", "/v1/auth/login, 11, true, true",
			"/v1/auth/login, 11, false, false", "/v1/posts, 20, false, true", "/v1/posts, 20, true, true",
			"/v1/posts, 20, true, false" })
	void aClientThatWritesItsWholeBodyFirstReadsTheRefusal(String path, int megabytes, boolean chunked, boolean close) {
		String response = RawHttp
			.sendWholeBodyThenRead(this.port, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ TestTokens.valid(newUserId()) + "\r\nContent-Type: application/octet-stream\r\n"
					+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + megabytes * MEGABYTE + "\r\n")
					+ (close ? "Connection: close\r\n" : "") + "\r\n", (long) megabytes * MEGABYTE, chunked);

		assertThat(RawHttp.status(response)).isEqualTo(413);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.containsIgnoringCase("connection: close")
			.contains("\"type\":\"https://pixelgram.dev/problems/payload-too-large\"", "\"instance\":\"" + path + "\"");
	}

	@Test
	void aClientThatWritesItsWholeBodyFirstReadsAnyOtherRefusalToo() {
		// no token: refused by authentication, which never reads the body
		String response = RawHttp
			.sendWholeBodyThenRead(this.port,
					"POST /v1/posts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
							+ "Content-Length: " + 5 * MEGABYTE + "\r\nConnection: close\r\n\r\n",
					5L * MEGABYTE, false);

		assertThat(RawHttp.status(response)).isEqualTo(401);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.contains("\"type\":\"https://pixelgram.dev/problems/unauthorized\"");
	}

	@Test
	void doesNotReadABodyDeclaredLongerThanTheDrainLimit() {
		// 48 MB does not fit in the sockets' buffers: the writes fail once the gateway
		// closes the connection instead of reading past its 32 MB
		assertThatException()
			.isThrownBy(() -> RawHttp.sendWholeBodyThenRead(this.port,
					"POST /v1/posts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
							+ TestTokens.valid(newUserId()) + "\r\nContent-Type: application/octet-stream\r\n"
							+ "Content-Length: " + 48 * MEGABYTE + "\r\n\r\n",
					48L * MEGABYTE, false))
			.withRootCauseInstanceOf(java.net.SocketException.class);
	}

	private static Flux<DataBuffer> chunks(int size, int count) {
		byte[] chunk = new byte[size];
		return Flux.range(0, count).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
	}

}
