package com.pixelgram.devstack;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DevStackOptionsTest {

	@Test
	void startsEverythingWithTheDefaultTimeoutWhenGivenNoArguments() {
		assertThat(DevStackOptions.parse()).isEqualTo(new DevStackOptions(false, false, Duration.ofSeconds(240),
				LaunchSpecs.Ports.DEFAULT, null, "127.0.0.1"));
	}

	@Test
	void readsInfraOnlyHelpAndTimeout() {
		assertThat(DevStackOptions.parse("--infra-only", "--timeout=90", "--help")).isEqualTo(
				new DevStackOptions(true, true, Duration.ofSeconds(90), LaunchSpecs.Ports.DEFAULT, null, "127.0.0.1"));
	}

	@Test
	void movesEveryPortByTheOffsetAndKeepsDataWhereAsked() {
		DevStackOptions options = DevStackOptions.parse("--port-offset=100", "--data-dir=/tmp/e2e");

		assertThat(options.ports())
			.isEqualTo(new LaunchSpecs.Ports(15532, 16479, 19424, 19100, 13125, 13243, 8180, 8181, 8182, 8183, 8184));
		assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/e2e"));
	}

	@Test
	void opensTheGatewayBeyondLoopbackOnlyWhenAsked() {
		assertThat(DevStackOptions.parse().gatewayAddress()).isEqualTo("127.0.0.1");
		assertThat(DevStackOptions.parse("--gateway-address=0.0.0.0").gatewayAddress()).isEqualTo("0.0.0.0");
	}

	@Test
	void rejectsUnknownArgumentsAndBadTimeouts() {
		assertThatIllegalArgumentException().isThrownBy(() -> DevStackOptions.parse("--infra"))
			.withMessageContaining("--infra");
		assertThatIllegalArgumentException().isThrownBy(() -> DevStackOptions.parse("--timeout=soon"))
			.withMessageContaining("soon");
		assertThatIllegalArgumentException().isThrownBy(() -> DevStackOptions.parse("--port-offset=-5"))
			.withMessageContaining("-5");
	}

}
