-- scripts/bench/spike.lua: posts exactly LIMIT orders as fast as the gateway takes them, then
-- ends the run. One wrk thread (the count is kept per thread):
--   wrk -t1 -c32 -d60s -s spike.lua http://GATEWAY/api/billing -- 10000
-- A connection that comes back for more once LIMIT posts are sent gets a side-effect-free
-- `GET /api/billing` (answered 405 at once, ignored here) until the last post is answered;
-- then the script sends wrk SIGINT, which makes wrk stop and print its summary before -d ends.
-- Prints report.lua's BENCH line (its latencies include the 405 fillers) and then
--   SPIKE sent=N accepted=N rejected=N seconds=S
-- accepted: 2xx; rejected: any other status; sent - accepted - rejected were lost to socket
-- errors (counted in the BENCH line); seconds: first post sent to last post answered.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *tp);
int getpid(void);
int kill(int pid, int sig);
]]
local CLOCK_MONOTONIC = 1
local SIGINT = 2
local now_ts = ffi.new("bench_timespec")

local function now()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
   return tonumber(now_ts.tv_sec) + tonumber(now_ts.tv_nsec) / 1e9
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   if #threads == 1 then
      -- wrk calls request() once in the first thread's state to check the script; that
      -- request is never sent, so it must not count.
      thread:set("unsent_checks", 1)
   end
end

function init(args)
   limit = tonumber(args[1]) or 0
   sent = 0
   accepted = 0
   rejected = 0
   started = 0
   finished = 0
   unsent_checks = unsent_checks or 0
   post = wrk.format("POST", "/api/billing", { ["Content-Type"] = "application/json" },
      '{"user_id": 99, "number_of_items": 1, "total_amount": "9.99"}')
   filler = wrk.format("GET", "/api/billing")
end

function request()
   if unsent_checks > 0 then
      unsent_checks = unsent_checks - 1
      return post
   end
   if sent < limit then
      if sent == 0 then
         started = now()
      end
      sent = sent + 1
      return post
   end
   return filler
end

function response(status, headers, body)
   if status == 405 then
      return
   end
   if status >= 200 and status < 300 then
      accepted = accepted + 1
   else
      rejected = rejected + 1
   end
   if accepted + rejected == limit then
      finished = now()
      ffi.C.kill(ffi.C.getpid(), SIGINT)
   end
end

done = function(summary, latency, requests)
   bench_report(summary, latency)
   local s, a, r, first, last = 0, 0, 0, nil, 0
   for _, thread in ipairs(threads) do
      s = s + thread:get("sent")
      a = a + thread:get("accepted")
      r = r + thread:get("rejected")
      local t0, t1 = thread:get("started"), thread:get("finished")
      if t0 > 0 and (first == nil or t0 < first) then
         first = t0
      end
      if t1 > last then
         last = t1
      end
   end
   local seconds = -1
   if first ~= nil and last >= first then
      seconds = last - first
   end
   io.write(string.format("SPIKE sent=%d accepted=%d rejected=%d seconds=%.3f\n", s, a, r, seconds))
end
