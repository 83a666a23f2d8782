/**
 * Targets and budgets of `npm run bench`, each with its unit and the reason it has that value. Targets are ratios
 * against a baseline measured in the same run, so they hold on any machine (the reference box has 2 cores shared by
 * autocannon, the proxy and the emulator).
 */

// Targets.
/**
 * Proxy read throughput must be at least this share of a direct read at the CI emulator: per call the proxy does JWT
 * verification (cached), a token memo lookup, contract validation and a second HTTP hop on the same 2 cores, so about
 * a third of the direct rate is the floor we accept.
 */
export const READ_THROUGHPUT_RATIO_MIN = 0.35;
/** Same floor for the write path (CreateActivity vs a direct `POST data/{entity}`), for the same reasons. */
export const WRITE_THROUGHPUT_RATIO_MIN = 0.35;
/**
 * Upstream token requests per 1,000 proxied calls at most: 3 users (one OBO each) + the app caller (one app-only
 * token) over 2,000 calls is 2 per 1,000; a memo or single-flight regression shows up as more.
 */
export const TOKEN_REQUESTS_PER_1000_CALLS_MAX = 2;
/**
 * Proxy RSS may grow at most this much over the memory run: the idempotency store, verified-token cache, usage store
 * and schema cache are bounded, so growth is V8 heap headroom under load, not retained state.
 */
export const RSS_GROWTH_MAX_MIB = 64;
/**
 * Against the fast replaying upstream, the proxy's saturation throughput must be at least this share of the lean
 * Express 5 pass-through's (JSON parse + `res.json`), on profile read and on create: everything the proxy adds over
 * a minimal Express service (token check, contract validation, reshaping, limits, logs, usage) may cost 15 %.
 */
export const LEAN_THROUGHPUT_RATIO_MIN = 0.85;
/** At a fixed FIXED_RATE_PER_SECOND, the proxy may add at most this much more median latency than lean does (ms). */
export const ADDED_P50_OVER_LEAN_MAX_MS = 0.5;
/** …and at most this much more 99th-percentile latency than lean does (ms). */
export const ADDED_P99_OVER_LEAN_MAX_MS = 3;
/** RSS of the compiled proxy (plain node, as deployed) after all the floor phases' load, in MB (10^6 bytes). */
export const COMPILED_RSS_MAX_MB = 100;

// Workloads.
/** Measured time of each side of a throughput comparison (every measured run is at most 5 s). */
export const MEASURE_DURATION_SECONDS = 5;
/**
 * The measured time is cut into this many slices, alternating direct and proxy, so that other load on the machine
 * (a shared 2-core box) weighs on both sides alike instead of on whichever ran second.
 */
export const MEASURE_SLICES = 10;
/** Warm-up before each measured run: fills the token memo, verified-token and schema caches, JITs both servers. */
export const WARMUP_DURATION_SECONDS = 1;
/** Concurrent keep-alive connections autocannon opens (enough to saturate 2 cores, few enough to stay fair). */
export const LOAD_CONNECTIONS = 16;
/**
 * autocannon notices the end of a run (duration over, amount reached) only on its sample tick, 1 s by default; a
 * short tick keeps half-second slices half a second long.
 */
export const SAMPLE_INTERVAL_MS = 50;
/** Proxied calls of the token-economy run, spread round-robin over 3 users and the app caller. */
export const TOKEN_ECONOMY_CALLS = 2_000;
/** Proxied calls of the memory run, and how many go between two RSS samples. */
export const MEMORY_CALLS = 20_000;
export const MEMORY_BATCH_CALLS = 2_500;
/** Distinct Idempotency-Key values the memory run's writes cycle through (each is replayed after its first use). */
export const MEMORY_IDEMPOTENCY_KEYS = 2_000;
/**
 * An amount-bounded run (the token-economy run, one memory batch) takes 2–4 s on an idle 2-core box; this cap only
 * stops a run on a machine so busy that the numbers mean little, and the run then fails as cut short.
 */
export const AMOUNT_RUN_MAX_SECONDS = 15;
/** The whole bench is stopped (and fails) after this long (the build and the floor phases take about 100 s). */
export const BENCH_MAX_SECONDS = 300;
/**
 * Floor phases: rounds of saturation, each running bare, lean and proxy for FLOOR_SLICE_SECONDS in a rotating order,
 * so other work on the machine weighs on all three alike; ratios are taken per round, reported as median and range.
 */
export const FLOOR_ROUNDS = 5;
export const FLOOR_SLICE_SECONDS = 0.6;
/** The fixed rate of the added-latency runs (req/s), far below every side's saturation. */
export const FIXED_RATE_PER_SECOND = 500;
/** Added-latency rounds, each running upstream, bare, lean and proxy for LATENCY_SLICE_SECONDS at the fixed rate. */
export const LATENCY_ROUNDS = 3;
export const LATENCY_SLICE_SECONDS = 1;
/** Connections of the fixed-rate runs: enough that a slow answer does not hold the rate back. */
export const LATENCY_CONNECTIONS = 8;
/**
 * Customers the floor phases cycle over; each one's profile is recorded from the emulator before the replaying
 * upstream is sealed, so this bounds the recording time (≈ 3 calls per customer at the emulator's ≈ 1.2k req/s).
 */
export const FLOOR_CUSTOMERS = 300;

// Processes.
/**
 * Per-caller rate limit given to the proxy for the bench (RATE_LIMIT_PER_MINUTE, default 500): the bench sends
 * thousands of calls a minute per caller on purpose, so the limit is raised to the setting's maximum.
 */
export const BENCH_RATE_LIMIT_PER_MINUTE = 1_000_000;
/** A child must print its listening URL within this time. */
export const STARTUP_TIMEOUT_MS = 30_000;
/** After SIGTERM a child gets this long before SIGKILL. */
export const STOP_TIMEOUT_MS = 5_000;
/** How often a child's log file is polled while waiting for its startup line. */
export const STARTUP_POLL_MS = 100;
/** Customers fetched for the workloads (reads and writes spread over them). */
export const CUSTOMERS_MAX = 2_000;

export const BYTES_PER_KIB = 1024;
export const BYTES_PER_MIB = 1024 * 1024;
