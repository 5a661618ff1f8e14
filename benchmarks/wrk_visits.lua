-- POST /api/v1/visits with batches of 20 fresh visits (new UUIDs every time) spread over the
-- worker's stops. STOP_IDS (comma-separated) comes from the environment; the session cookie and
-- the X-CSRFToken header come from wrk's -H flags.
local counter = 1
local threads = {}

setup = function(thread)
  thread:set("thread_id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local stops = {}
local n = 0

init = function(args)
  math.randomseed(os.time() * 1000 + thread_id * 7919)
  for id in string.gmatch(os.getenv("STOP_IDS") or "", "%d+") do
    table.insert(stops, tonumber(id))
  end
  n = thread_id * 1000
  wrk.headers["Content-Type"] = "application/json"
end

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

request = function()
  local now = os.date("!%Y-%m-%dT%H:%M:%S+00:00")
  local parts = {}
  for i = 1, 20 do
    n = n + 1
    parts[i] = string.format(
      '{"id":"%s","stop_id":%d,"occurred_at":"%s","outcome":"not_home","flyer_left":true,' ..
      '"packages":[],"interests":[],"info_given":[],"follow_up":null,"notes":""}',
      uuid(), stops[(n % #stops) + 1], now)
  end
  return wrk.format("POST", nil, nil, '{"visits":[' .. table.concat(parts, ",") .. ']}')
end
