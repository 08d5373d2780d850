-- Request rotation and the summary line for `wrk` (see bench/wrk.py).
--
-- bench/wrk.py prepends a generated header that defines:
--   bench_method   "GET" or "POST"
--   bench_headers  table of header name -> value (cookie, Authorization, Content-Type)
--   bench_requests array of { path = "...", body = "..." or nil }
-- Each wrk thread walks the list from a different starting point, so several threads and
-- connections do not all ask for the same item at the same moment.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7)
end

function init(args)
  index = offset or 0
  for name, value in pairs(bench_headers) do
    wrk.headers[name] = value
  end
  prepared = {}
  for i, item in ipairs(bench_requests) do
    prepared[i] = wrk.format(bench_method, item.path, nil, item.body)
  end
end

function request()
  index = index + 1
  return prepared[(index % #prepared) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
