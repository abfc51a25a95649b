package com.pixelgram.k8s;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

	@Test
	void findsTheMetricsOfAnExpressionButNotItsFunctionsLabelsOrVariables() {
		String expression = """
				histogram_quantile(0.99, sum by (namespace, le) (rate(http_server_requests_seconds_bucket{application="feed-service", uri=~"/v1/.*", namespace=~"$namespace"}[$__rate_interval])))
				/ on (namespace) group_left sum without (pod) (pixelgram_outbox_pending offset 5m) > bool 0.5
				and max(last_over_time(aws_rds_cpuutilization_average[10m])) > 1e3 unless up
				""";

		assertThat(PromQl.metricNames(expression)).containsExactly("http_server_requests_seconds_bucket",
				"pixelgram_outbox_pending", "aws_rds_cpuutilization_average", "up");
	}

	@Test
	void readsTheMetricOfASeriesSelector() {
		assertThat(PromQl.metricNames("pixelgram_feed_cache_total{cache=\"post\", result=\"hit\"}"))
			.containsExactly("pixelgram_feed_cache_total");
	}

}
