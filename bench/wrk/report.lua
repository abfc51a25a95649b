-- Appended to every scenario: one parseable line with throughput, percentiles (ms) and errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d errors=%d\n",
      summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, summary.requests, errors))
end
