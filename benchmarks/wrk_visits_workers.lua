-- POST /api/v1/visits: batches of 20 fresh visits (new UUIDs every time), as 8 workers post
-- them, each at their own stops with their own session. WORKERS (from the environment) holds
-- one line per worker: Cookie header value, TAB, CSRF token, TAB, comma-separated stop ids.
-- wrk's two threads take half the workers each; a thread's connections take its workers in
-- turn, so the batches in flight at one moment are mostly of different workers.
local counter = 1

setup = function(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
end

local workers = {}
local turn = 0
local n = 0

init = function(args)
  math.randomseed(os.time() * 1000 + thread_id * 7919)
  local all = {}
  for line in string.gmatch(os.getenv("WORKERS") or "", "[^\n]+") do
    local cookie, csrf, stops = string.match(line, "^([^\t]*)\t([^\t]*)\t(.*)$")
    local ids = {}
    for id in string.gmatch(stops, "%d+") do table.insert(ids, tonumber(id)) end
    table.insert(all, {cookie = cookie, csrf = csrf, stops = ids})
  end
  local half = math.floor(#all / 2)
  local first, last = 1, half
  if thread_id ~= 1 then first, last = half + 1, #all end
  for i = first, last do table.insert(workers, all[i]) end
  n = thread_id * 1000
end

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

request = function()
  turn = turn % #workers + 1
  local worker = workers[turn]
  local now = os.date("!%Y-%m-%dT%H:%M:%S+00:00")
  local parts = {}
  for i = 1, 20 do
    n = n + 1
    parts[i] = string.format(
      '{"id":"%s","stop_id":%d,"occurred_at":"%s","outcome":"not_home","flyer_left":true,' ..
      '"packages":[],"interests":[],"info_given":[],"follow_up":null,"notes":""}',
      uuid(), worker.stops[(n % #worker.stops) + 1], now)
  end
  local headers = {}  -- wrk's own (-H: Host, Referer, Accept-Encoding), then the worker's
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  headers["Cookie"] = worker.cookie
  headers["X-CSRFToken"] = worker.csrf
  return wrk.format("POST", nil, headers, '{"visits":[' .. table.concat(parts, ",") .. ']}')
end
