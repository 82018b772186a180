/** k6 stages from (duration, target) pairs: stages('30s', 50, '2m', 50) ramps to 50 users in 30 s, then holds 2 min. */
function stages(...pairs) {
  const out = [];
  for (let i = 0; i < pairs.length; i += 2) out.push({ duration: pairs[i], target: pairs[i + 1] });
  return out;
}

/**
 * Load profiles shared by the k6 scripts and the Node runner: how many
 * virtual users (k6 VUs, autocannon connections) over time, and the
 * thresholds a run must meet. Plain ES module without imports (k6 and Node).
 *
 * Stages follow k6's ramping-vus executor: from `startVUs`, each stage moves
 * linearly to its `target` over its `duration`. The Node runner plays the same
 * curve in steps of constant connections (phasesOf).
 *
 * `open` is the open model instead: k6's `constant-arrival-rate` executor
 * starts `rate` iterations per second for `duration` whatever the answers
 * (a slow answer does not slow the arrivals down, as with real users), with
 * up to `maxVUs` iterations in flight; an iteration that finds none free is
 * dropped. The Node runner plays it with its own scheduler (open-model.ts).
 *
 * Thresholds: `errorRate` is the share of requests that failed (transport
 * error, non-200 status, GraphQL `errors` or no data); `p95`/`p99` are latency
 * percentiles in ms; `minRps` (optional) is the lowest acceptable throughput.
 * A scenario may tighten them per profile (its `thresholds` field).
 */
export const profiles = {
  smoke: {
    description: 'two users for 30 s: does every operation work?',
    startVUs: 2,
    stages: stages('30s', 2),
    thresholds: { errorRate: 0.01, p95: 500, p99: 1000 },
  },
  baseline: {
    description: 'average load: ramp to 50 users, hold 2 min',
    startVUs: 0,
    stages: stages('30s', 50, '2m', 50, '30s', 0),
    thresholds: { errorRate: 0.01, p95: 200, p99: 500 },
  },
  stress: {
    description: 'ramp by 50 users every 30 s to 200, hold 1 min',
    startVUs: 0,
    stages: stages('30s', 50, '30s', 100, '30s', 150, '30s', 200, '1m', 200, '30s', 0),
    thresholds: { errorRate: 0.01, p95: 500, p99: 1500 },
  },
  spike: {
    description: 'from 5 to 200 users in 10 s, 30 s at the peak, back to 5',
    startVUs: 5,
    stages: stages('20s', 5, '10s', 200, '30s', 200, '10s', 5, '30s', 5, '10s', 0),
    thresholds: { errorRate: 0.05, p95: 1000, p99: 3000 },
  },
  soak: {
    description: '50 users for 30 min: leaks, slow growth, exhaustion',
    startVUs: 0,
    stages: stages('1m', 50, '30m', 50, '1m', 0),
    thresholds: { errorRate: 0.01, p95: 200, p99: 500 },
  },
  open: {
    description: 'open model: 1,000 iterations started per second for 30 s, whatever the answers',
    executor: 'constant-arrival-rate',
    rate: 1000,
    duration: '30s',
    preAllocatedVUs: 200,
    maxVUs: 2000,
    thresholds: { errorRate: 0, p95: 100, p99: 250 },
  },
};

/** Whether the profile is an open model (a constant arrival rate) rather than virtual users in a loop. */
export function isOpenModel(profileName) {
  return profileNamed(profileName).executor === 'constant-arrival-rate';
}

/**
 * The arrival rate (iterations per second), how long and how many in flight
 * at most, of an open-model profile; `rate` and `totalSeconds` override the
 * profile's own.
 */
export function arrivalsOf(profileName, rate, totalSeconds) {
  const profile = profileNamed(profileName);
  if (!isOpenModel(profileName)) throw new Error('profile ' + profileName + ' is not an open model');
  return { rate: rate || profile.rate, seconds: totalSeconds || seconds(profile.duration), maxInFlight: profile.maxVUs };
}

/** Seconds of a k6 duration such as `30s`, `2m`, `1h` or `1m30s`. */
export function seconds(duration) {
  const units = { h: 3600, m: 60, s: 1 };
  const parts = String(duration).match(/\d+(\.\d+)?[hms]/g);
  if (!parts || parts.join('') !== String(duration)) throw new Error('not a duration: ' + duration);
  return parts.reduce((sum, part) => sum + parseFloat(part) * units[part.slice(-1)], 0);
}

/** The profile of that name, or an error naming the known ones. */
export function profileNamed(name) {
  const profile = profiles[name];
  if (!profile) throw new Error('unknown profile ' + name + ' (one of ' + Object.keys(profiles).join(', ') + ')');
  return profile;
}

/** The thresholds of a run: the profile's, tightened by the scenario's for that profile. */
export function thresholdsOf(profileName, scenario) {
  const own = (scenario && scenario.thresholds && scenario.thresholds[profileName]) || {};
  return Object.assign({}, profileNamed(profileName).thresholds, own);
}

/**
 * The profile as constant-connection phases for a closed-loop generator:
 * each ramp (up or down) in steps of about 10 s (at most 4), each hold as one
 * phase; a step at zero connections is left out. `totalSeconds` stretches or
 * shrinks every stage alike.
 */
export function phasesOf(profileName, totalSeconds) {
  const profile = profileNamed(profileName);
  if (isOpenModel(profileName)) throw new Error('profile ' + profileName + ' is an open model: it has arrivals (arrivalsOf), not phases');
  const natural = profile.stages.reduce((sum, stage) => sum + seconds(stage.duration), 0);
  const scale = totalSeconds ? totalSeconds / natural : 1;
  const phases = [];
  let level = profile.startVUs;
  profile.stages.forEach((stage) => {
    const length = seconds(stage.duration) * scale;
    const steps = stage.target === level ? 1 : Math.min(4, Math.max(1, Math.round(seconds(stage.duration) / 10)));
    for (let k = 1; k <= steps; k++) {
      const connections = Math.round(level + ((stage.target - level) * k) / steps);
      const last = phases[phases.length - 1];
      if (connections === 0) continue;
      if (last && last.connections === connections) last.seconds += length / steps;
      else phases.push({ connections, seconds: length / steps });
    }
    level = stage.target;
  });
  return phases.map((phase) => ({ connections: phase.connections, seconds: Math.round(phase.seconds * 1000) / 1000 }));
}

/** The k6 scenario of a profile: constant-arrival-rate (open model, `overrides.rate`/`overrides.duration` apply) or ramping-vus. */
function k6Scenario(profile, overrides) {
  if (profile.executor === 'constant-arrival-rate') {
    return {
      executor: 'constant-arrival-rate',
      rate: Number((overrides && overrides.rate) || profile.rate),
      timeUnit: '1s',
      duration: (overrides && overrides.duration) || profile.duration,
      preAllocatedVUs: profile.preAllocatedVUs,
      maxVUs: profile.maxVUs,
      gracefulStop: '10s',
    };
  }
  return { executor: 'ramping-vus', startVUs: profile.startVUs, stages: profile.stages, gracefulRampDown: '10s', gracefulStop: '10s' };
}

/**
 * k6 `options` for a scenario and profile: one ramping-vus (or, for an open
 * model, constant-arrival-rate) scenario and thresholds on the requests of
 * the load itself (tag phase:load, not setup). `overrides` (optional):
 * `rate` and `duration` of an open model.
 */
export function k6Options(scenarioName, profileName, scenario, overrides) {
  const profile = profileNamed(profileName);
  const limits = thresholdsOf(profileName, scenario);
  const thresholds = {
    'graphql_errors{phase:load}': ['rate<=' + limits.errorRate],
    'http_req_failed{phase:load}': ['rate<=' + limits.errorRate],
    'http_req_duration{phase:load}': ['p(95)<=' + limits.p95, 'p(99)<=' + limits.p99],
  };
  if (limits.minRps) thresholds['http_reqs{phase:load}'] = ['rate>=' + limits.minRps];
  const scenarios = {};
  scenarios[scenarioName] = k6Scenario(profile, overrides);
  return { scenarios, thresholds, setupTimeout: '120s', summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'] };
}
