-- Books distinct slots as many patients: each request takes the next slot
-- of this thread's own series, so no two requests ask for the same slot.
-- Reads the people file ("id token" a line), the doctor id, the first day
-- and the thread count from the environment set by scripts/bench-wrk.

local tokens = {}
for line in io.lines(os.getenv("BENCH_PEOPLE")) do
  tokens[#tokens + 1] = line:match("^%S+ (%S+)$")
end
local doctor = os.getenv("BENCH_DOCTOR")
local first_day = tonumber(os.getenv("BENCH_FIRST_DAY"))  -- Unix seconds, 00:00 UTC
local threads = tonumber(os.getenv("BENCH_THREADS"))
local slots_per_day = 287                                  -- 00:00 to 23:50, every 5 minutes
local counter = 0
local threads_started = 0

-- Runs in the main state; `id` becomes a global of the thread's own state.
function setup(thread)
  thread:set("id", threads_started)
  threads_started = threads_started + 1
end

local function slot_start(k)
  local day = math.floor(k / slots_per_day)
  local at = first_day + day * 86400 + (k % slots_per_day) * 300
  return os.date("!%Y-%m-%dT%H:%M:%SZ", at)
end

request = function()
  local k = counter * threads + id
  counter = counter + 1
  local token = tokens[(k % #tokens) + 1]
  local body = string.format(
    '{"doctor_id":"%s","starts_at":"%s","reason":"Benchmark","priority":"normal"}',
    doctor, slot_start(k))
  return wrk.format("POST", "/api/v1/appointments", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
