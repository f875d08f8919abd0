-- scripts/bench/billing.lua: POST /api/billing with one valid order per request, for
-- `wrk -s billing.lua http://GATEWAY/api/billing`. Every request gets a fresh order id
-- from the gateway (no Idempotency-Key), so each accepted request is one order.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

wrk.method = "POST"
wrk.body = '{"user_id": 88, "number_of_items": 2, "total_amount": "45.00"}'
wrk.headers["Content-Type"] = "application/json"
