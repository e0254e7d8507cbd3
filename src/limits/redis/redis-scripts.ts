/**
 * Lua scripts run atomically by Redis, so a check and its record can never interleave with
 * another replica's. Written here rather than taken from rate-limiter-flexible because a request
 * must be checked against its key AND its team all or nothing (a request refused by the team
 * must not use the key's allowance), its token estimate must be corrected at release, and its
 * concurrency slot must be a renewable lease: one script per step does all three in one round
 * trip, which that library's per-limiter consume() cannot. Time comes from the Redis server (TIME), so replicas with skewed clocks
 * still share one window. Keys, per subject, in this order:
 *   requests  sorted set  member = request id, score = admission time (ms)
 *   tokenLog  sorted set  member = request id, score = admission time (ms)
 *   tokens    hash        request id -> tokens, plus '#sum' -> total of the window
 *   leases    sorted set  member = request id, score = lease expiry (ms)
 */

const PRELUDE = `
redis.replicate_commands()
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local subject_count = #KEYS / 4
`;

/** Drops what left the window (admitted at or before now - window) and expired leases. Needs `now`, `cutoff`. */
const TRIM_FUNCTION = `
local function trim(requests, token_log, tokens, leases)
  redis.call('ZREMRANGEBYSCORE', requests, '-inf', cutoff)
  local expired = redis.call('ZRANGEBYSCORE', token_log, '-inf', cutoff)
  if #expired > 0 then
    local freed = 0
    for _, member in ipairs(expired) do
      freed = freed + (tonumber(redis.call('HGET', tokens, member)) or 0)
      redis.call('HDEL', tokens, member)
    end
    redis.call('HINCRBY', tokens, '#sum', -freed)
    redis.call('ZREMRANGEBYSCORE', token_log, '-inf', cutoff)
  end
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
end
`;

/**
 * ARGV: request id, estimated tokens, window ms, lease ms, then per subject rpm, tpm,
 * concurrency (-1 = no limit).
 * Returns: { reason or '', denied subject index (1-based) or 0, retry ms, now,
 *            then per subject: requests, tokens, oldest request time or -1, oldest token time or -1 }.
 */
export const ACQUIRE_SCRIPT = `${PRELUDE}
local id = ARGV[1]
local estimate = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local cutoff = now - window
${TRIM_FUNCTION}
local function tokens_retry_ms(token_log, tokens, needed)
  local entries = redis.call('ZRANGE', token_log, 0, -1, 'WITHSCORES')
  local freed = 0
  for i = 1, #entries, 2 do
    freed = freed + (tonumber(redis.call('HGET', tokens, entries[i])) or 0)
    if freed >= needed then return tonumber(entries[i + 1]) + window - now end
  end
  return window
end

local function oldest(set)
  local first = redis.call('ZRANGE', set, 0, 0, 'WITHSCORES')
  if #first == 0 then return -1 end
  return tonumber(first[2])
end

local reason, denied, retry = '', 0, 0
for i = 1, subject_count do
  local requests, token_log, tokens, leases = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
  local rpm, tpm, concurrency = tonumber(ARGV[3 * i + 2]), tonumber(ARGV[3 * i + 3]), tonumber(ARGV[3 * i + 4])
  trim(requests, token_log, tokens, leases)
  if reason == '' then
    local made = redis.call('ZCARD', requests)
    local used = tonumber(redis.call('HGET', tokens, '#sum')) or 0
    if rpm >= 0 and made + 1 > rpm then
      reason, denied, retry = 'rpm', i, window
      if rpm > 0 then
        local blocking = redis.call('ZRANGE', requests, made - rpm, made - rpm, 'WITHSCORES')
        retry = tonumber(blocking[2]) + window - now
      end
    elseif tpm >= 0 and used + estimate > tpm then
      reason, denied, retry = 'tpm', i, window
      if estimate <= tpm then retry = tokens_retry_ms(token_log, tokens, used + estimate - tpm) end
    elseif concurrency >= 0 and redis.call('ZCARD', leases) + 1 > concurrency then
      reason, denied, retry = 'concurrency', i, 1000
    end
  end
end

local result = { reason, denied, retry, now }
for i = 1, subject_count do
  local requests, token_log, tokens, leases = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
  local rpm, tpm, concurrency = tonumber(ARGV[3 * i + 2]), tonumber(ARGV[3 * i + 3]), tonumber(ARGV[3 * i + 4])
  if reason == '' then
    if rpm >= 0 then
      redis.call('ZADD', requests, now, id)
      redis.call('PEXPIRE', requests, window + 1000)
    end
    if tpm >= 0 then
      redis.call('ZADD', token_log, now, id)
      redis.call('HSET', tokens, id, estimate)
      redis.call('HINCRBY', tokens, '#sum', estimate)
      redis.call('PEXPIRE', token_log, window + 1000)
      redis.call('PEXPIRE', tokens, window + 1000)
    end
    if concurrency >= 0 then
      redis.call('ZADD', leases, now + lease, id)
      redis.call('PEXPIRE', leases, lease + 1000)
    end
  end
  table.insert(result, redis.call('ZCARD', requests))
  table.insert(result, tonumber(redis.call('HGET', tokens, '#sum')) or 0)
  table.insert(result, oldest(requests))
  table.insert(result, oldest(token_log))
end
return result
`;

/**
 * ARGV: request id, estimated tokens, actual tokens (-1 = keep the estimate), window ms, then per
 * subject 1 if it counts tokens, else 0. Frees the request's concurrency slots and settles its
 * tokens: in place while the request is still in the window, else the excess is charged now.
 */
export const RELEASE_SCRIPT = `${PRELUDE}
local id = ARGV[1]
local estimate = tonumber(ARGV[2])
local actual = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local cutoff = now - window
${TRIM_FUNCTION}
for i = 1, subject_count do
  local requests, token_log, tokens, leases = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
  -- Trimmed first, so an estimate that already left the window is not corrected in place.
  trim(requests, token_log, tokens, leases)
  redis.call('ZREM', leases, id)
  if actual >= 0 and ARGV[4 + i] == '1' then
    local previous = tonumber(redis.call('HGET', tokens, id))
    if previous ~= nil then
      redis.call('HSET', tokens, id, actual)
      redis.call('HINCRBY', tokens, '#sum', actual - previous)
    elseif actual > estimate then
      local late = id .. '#late'
      redis.call('ZADD', token_log, now, late)
      redis.call('HSET', tokens, late, actual - estimate)
      redis.call('HINCRBY', tokens, '#sum', actual - estimate)
      redis.call('PEXPIRE', token_log, window + 1000)
      redis.call('PEXPIRE', tokens, window + 1000)
    end
  end
end
return 1
`;

/** ARGV: request id, lease ms. Extends the request's live leases (XX: a lease already expired stays gone). */
export const RENEW_SCRIPT = `${PRELUDE}
for i = 1, subject_count do
  redis.call('ZADD', KEYS[4 * i], 'XX', now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[4 * i], tonumber(ARGV[2]) + 1000)
end
return 1
`;

/** KEYS: spend counters. ARGV: per key the amount, then its time to live (ms). Raises, never lowers. */
export const RECONCILE_SPEND_SCRIPT = `
for i = 1, #KEYS do
  local target = tonumber(ARGV[2 * i - 1])
  local current = tonumber(redis.call('GET', KEYS[i])) or 0
  if current < target then redis.call('SET', KEYS[i], target) end
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i]))
end
return 1
`;
