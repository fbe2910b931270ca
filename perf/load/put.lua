-- Put of unique keys: <KEY_PREFIX><RUN_ID>/<thread>/<n> = VALUE_BYTES bytes (default bench/put/, 256).
-- With LIMIT set, each thread stops after LIMIT/threads successful puts (used to load N keys).
package.path = (os.getenv("LOAD_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local prefix = os.getenv("KEY_PREFIX") or "bench/put/"
local value = common.b64(common.value(tonumber(os.getenv("VALUE_BYTES") or "256")))
local limit = tonumber(os.getenv("LIMIT") or "0")
local threads = tonumber(os.getenv("THREADS") or "1")
local counter, done_count = 0, 0

function setup(thread) common.number_threads(thread) end

function init(args)
  prefix = prefix .. (os.getenv("RUN_ID") or tostring(os.time())) .. "/" .. tostring(thread_id) .. "/"
end

function request()
  counter = counter + 1
  local body = '{"key":"' .. common.b64(prefix .. counter) .. '","value":"' .. value .. '"}'
  return wrk.format("POST", "/v3/kv/put", common.headers, body)
end

if limit > 0 then
  function response(status, headers, body)
    if status == 200 then done_count = done_count + 1 end
    if done_count >= math.ceil(limit / threads) then wrk.thread:stop() end
  end
end
