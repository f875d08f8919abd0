-- scripts/bench/report.lua: wrk's done() hook for scripts/bench.sh. Prints one line that
-- bench.sh parses (latencies in microseconds; "status" counts responses with status >= 400):
--   BENCH requests=N duration_us=N rps=R p50_us=N p99_us=N connect=N read=N write=N status=N timeout=N
-- Used alone for GET runs (wrk -s report.lua URL) and loaded by billing.lua.

function bench_report(summary, latency)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   local rps = 0
   if seconds > 0 then
      rps = summary.requests / seconds
   end
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
      summary.requests, summary.duration, rps, latency:percentile(50), latency:percentile(99),
      e.connect, e.read, e.write, e.status, e.timeout))
end

done = function(summary, latency, requests)
   bench_report(summary, latency)
end
