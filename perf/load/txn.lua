-- Txn compare-and-swap: if value(k) == v then put(k, v) else put(k, v), over 64 keys per thread
-- (bench/cas/<thread>/<i>); every request compares against stored data and writes one key.
package.path = (os.getenv("LOAD_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local value = common.b64(common.value(256))
local prefix, counter = "bench/cas/", 0

function setup(thread) common.number_threads(thread) end
function init(args) prefix = prefix .. tostring(thread_id) .. "/" end

function request()
  counter = counter + 1
  local key = common.b64(prefix .. (counter % 64))
  local put = '{"request_put":{"key":"' .. key .. '","value":"' .. value .. '"}}'
  local body = '{"compare":[{"key":"' .. key .. '","target":"VALUE","result":"EQUAL","value":"' .. value
    .. '"}],"success":[' .. put .. '],"failure":[' .. put .. ']}'
  return wrk.format("POST", "/v3/kv/txn", common.headers, body)
end
