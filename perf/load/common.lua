-- Shared helpers for the wrk scripts of the load benchmark (scripts/bench-load.sh).
-- Every script speaks etcd's v3 JSON gateway: POST /v3/..., keys and values in base64.
local M = {}

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

-- base64 of a Lua string (standard alphabet, padded)
function M.b64(data)
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144) % 64
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = alphabet:sub(c1 + 1, c1 + 1) .. alphabet:sub(c2 + 1, c2 + 1)
      .. (b and alphabet:sub(c3 + 1, c3 + 1) or "=") .. (c and alphabet:sub(c4 + 1, c4 + 1) or "=")
  end
  return table.concat(out)
end

-- the key right after every key with this prefix (etcd's prefix range end)
function M.prefix_end(prefix)
  return prefix:sub(1, -2) .. string.char(prefix:byte(-1) + 1)
end

-- a deterministic printable value of n bytes
function M.value(n)
  local chunk = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
  return string.rep(chunk, math.ceil(n / #chunk)):sub(1, n)
end

-- numbers each wrk thread so that generated keys are unique across threads
local next_thread_id = 0
function M.number_threads(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

M.headers = { ["Content-Type"] = "application/json" }

-- wrk calls the global done() once at the end: print machine-readable figures for bench_load.py.
-- (etcd's gateway answers every error with a 4xx/5xx status, so summary.errors.status counts them.)
function done(summary, latency, requests)
  local errs = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d sock_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errs.status, errs.connect + errs.read + errs.write + errs.timeout))
end

return M
