-- wrk script: GET the URL as it is (one recorded case: the floor), with the API key from $KEY when set.
-- Prints one RESULT line (bench/run.sh reads it).
function init(args)
  local key = os.getenv("KEY")
  if key and key ~= "" then wrk.headers["X-API-Key"] = key end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
