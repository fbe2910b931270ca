-- Range of a 100-key prefix (bench/pfx/000 .. bench/pfx/099, 256 bytes each), linearizable.
package.path = (os.getenv("LOAD_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local body = '{"key":"' .. common.b64("bench/pfx/") .. '","range_end":"' .. common.b64(common.prefix_end("bench/pfx/")) .. '"}'

function request()
  return wrk.format("POST", "/v3/kv/range", common.headers, body)
end
