-- POST /api/cases, each a new case (externalRef), varied: received over 2026 (Jan 1 + 0..320 days), 40 products,
-- 4 problem categories, causes (product defect half the time); one in ten has quantity 777, which the bench draft
-- decides differently (an extra CUSTOMER_TRAINING decision).
local body = [[{"externalRef": "__REF__", "receivedAt": "__RECV__", "channel": "MARKETING_BRANCH", "customer": {"name": "Xiangtan Mining Co.", "province": "Hunan", "contact": "Li Wei, 0731-5550123"}, "responsibleUnit": {"code": "SUB-01", "province": "Hunan"}, "product": {"code": "__PROD__", "name": "Rock emulsion explosive", "category": "EMULSION_EXPLOSIVE", "spec": "\u03a632 mm, 200 g", "regulated": true}, "batchNumber": "B2026-0601-03", "productionDate": "2025-12-01", "productionSite": "SITE-A", "quantity": __QTY__, "problem": {"category": "__PROB__", "description": "Three holes misfired in one blast"}, "remoteReplyPossible": false, "findings": {"cause": "__CAUSE__", "repairable": false, "problemProductOnSite": true, "directLossCny": 25000, "compensationClaimed": true, "remedyValueCny": 8000, "staffDispatched": 2, "representative": false}}]]
local counter = 0
local tag = os.getenv("WRK_TAG") or "run"
local threads = {}
local problems = {"MISFIRE", "PERFORMANCE", "PACKAGING", "LABELLING"}
local causes = {"PRODUCT_DEFECT", "PRODUCT_DEFECT", "IMPROPER_OPERATION", "UNDETERMINED"}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-API-Key"] = os.getenv("KEY")
  math.randomseed(os.time() + id)
end
function request()
  counter = counter + 1
  local qty = (counter % 10 == 0) and "777" or "120"
  local recv = os.date("!%Y-%m-%dT09:30:00+08:00", 1767225600 + math.random(0, 320) * 86400 + 3600)
  local b = body:gsub("__REF__", "WRK-" .. tag .. "-" .. id .. "-" .. counter):gsub("__QTY__", qty)
      :gsub("__RECV__", recv):gsub("__PROD__", string.format("EX-2%02d", math.random(0, 39)))
      :gsub("__PROB__", problems[math.random(1, 4)]):gsub("__CAUSE__", causes[math.random(1, 4)])
  return wrk.format(nil, "/api/cases", nil, b)
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx/3xx: %d errors; p50 %.2f ms p99 %.2f ms; %.1f req/s\n", summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
