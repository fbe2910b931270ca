-- Range of one key (bench/one, 256 bytes); SERIALIZABLE=1 reads locally, otherwise linearizable.
package.path = (os.getenv("LOAD_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local serializable = os.getenv("SERIALIZABLE") == "1"
local body = '{"key":"' .. common.b64("bench/one") .. '"' .. (serializable and ',"serializable":true' or "") .. '}'

function request()
  return wrk.format("POST", "/v3/kv/range", common.headers, body)
end
