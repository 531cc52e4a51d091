-- wrk script: POST a new, varied case to the URL's path (/api/cases records it, /api/evaluate only evaluates it),
-- with the API key from $KEY. Every request is another case (externalRef LOAD-<tag>-<thread>-<n>, the tag from
-- $WRK_TAG and the start time, so runs against one database never collide): received over 2026 (330 days), 40 products
-- in 5 categories, 10 provinces (a third of the units in another province than the customer), 10 problem categories,
-- 70 % with findings (product defect, improper operation, undetermined), losses and remedy values across every tier,
-- produced 1-900 days before receipt. Prints one RESULT line (bench/run.sh reads it).
local CATEGORIES = {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"}
local PROVINCES = {"Hunan", "Hubei", "Guangdong", "Guangxi", "Sichuan", "Yunnan", "Guizhou", "Jiangxi", "Anhui", "Shanxi"}
local PROBLEMS = {"MISFIRE", "PERFORMANCE", "PACKAGING", "LABELLING", "HARDENING", "DENSITY", "DELAY_TIME", "LEAD_WIRE",
                  "MOISTURE", "SHELL_DAMAGE"}
local CAUSES = {"PRODUCT_DEFECT", "IMPROPER_OPERATION", "UNDETERMINED"}
local START = 1767225600 -- 2026-01-01T08:00+08:00
local threads, counter = 0, 0
local tag = (os.getenv("WRK_TAG") or "run") .. os.time()

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-API-Key"] = os.getenv("KEY")
end

local function pick(list) return list[math.random(#list)] end
local function bool(p) return (math.random() < p) and "true" or "false" end

function request()
  counter = counter + 1
  local t = START + math.random(0, 330 * 24 * 60 - 1) * 60 + 8 * 3600 -- local time (+08:00)
  local received = os.date("!%Y-%m-%dT%H:%M:00", t) .. "+08:00"
  local producedT = t - math.random(1, 900) * 86400
  local produced = os.date("!%Y-%m-%d", producedT)
  local customerProvince = pick(PROVINCES)
  local unitProvince = (math.random(3) == 1) and pick(PROVINCES) or customerProvince
  local product = math.random(0, 39)
  local findings = ""
  if math.random(10) <= 7 then
    findings = string.format([[, "findings": {"cause": "%s", "repairable": %s, "problemProductOnSite": %s, "directLossCny": %d, "compensationClaimed": %s, "remedyValueCny": %d, "staffDispatched": %d, "representative": %s}]],
      pick(CAUSES), bool(0.5), bool(0.75), math.random(0, 39999), bool(0.5), math.random(0, 149999), math.random(1, 3),
      bool(0.05))
  end
  local body = string.format([[{"externalRef": "LOAD-%s-%d-%d", "receivedAt": "%s", "channel": "MARKETING_BRANCH", "customer": {"name": "Customer %d", "province": "%s", "contact": "0731-5550%03d"}, "responsibleUnit": {"code": "SUB-%02d", "province": "%s"}, "product": {"code": "P-%03d", "name": "Product %d", "category": "%s", "spec": "std", "regulated": %s}, "batchNumber": "B%s-%02d", "productionDate": "%s", "productionSite": "SITE-%s", "quantity": %d, "problem": {"category": "%s", "description": "load test"}, "remoteReplyPossible": %s%s}]],
    tag, tid, counter, received, math.random(0, 999), customerProvince, math.random(0, 999), math.random(0, 11),
    unitProvince, product, product, CATEGORIES[product % 5 + 1], bool(0.9), os.date("!%Y%m%d", producedT),
    math.random(0, 4), produced, string.char(65 + math.random(0, 2)), math.random(1, 500), pick(PROBLEMS), bool(0.2),
    findings)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
