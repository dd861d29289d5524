-- Print wrk's figures as one JSON line, for bench/load.py to read.
--
-- wrk prints latency percentiles only as rounded text; done() sees the exact
-- histogram (microseconds), the request count, the run's length and the errors.
-- The line starts with a marker so the rest of wrk's output can be ignored.

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"latency_us": {"mean": %.1f, "stdev": %.1f, "min": %d, "max": %d, ' ..
    '"p50": %d, "p90": %d, "p99": %d, "p999": %d}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency.mean, latency.stdev, latency.min, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
