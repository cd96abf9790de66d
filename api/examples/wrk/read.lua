-- Reads patients' upcoming appointments (25 a page), each request as the
-- next patient of the people file ("id token" a line), set by scripts/bench-wrk.

local people = {}
for line in io.lines(os.getenv("BENCH_PEOPLE")) do
  local id, token = line:match("^(%S+) (%S+)$")
  people[#people + 1] = { id = id, token = token }
end
local counter = 0

request = function()
  counter = counter + 1
  local person = people[(counter % #people) + 1]
  return wrk.format("GET", "/api/v1/patients/" .. person.id .. "/appointments?when=upcoming&limit=25", {
    ["Authorization"] = "Bearer " .. person.token,
  })
end

done = function(summary, latency, requests)
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
