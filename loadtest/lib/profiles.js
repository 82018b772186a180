/**
 * Load profiles shared by the k6 scripts and the Node runner: how many
 * virtual users (k6 VUs, autocannon connections) over time, and the
 * thresholds a run must meet. Plain ES module without imports (k6 and Node).
 *
 * Stages follow k6's ramping-vus executor: from `startVUs`, each stage moves
 * linearly to its `target` over its `duration`. The Node runner plays the same
 * curve in steps of constant connections (phasesOf).
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
    stages: [{ duration: '30s', target: 2 }],
    thresholds: { errorRate: 0.01, p95: 500, p99: 1000 },
  },
  baseline: {
    description: 'average load: ramp to 50 users, hold 2 min',
    startVUs: 0,
    stages: [
      { duration: '30s', target: 50 },
      { duration: '2m', target: 50 },
      { duration: '30s', target: 0 },
    ],
    thresholds: { errorRate: 0.01, p95: 200, p99: 500 },
  },
  stress: {
    description: 'ramp by 50 users every 30 s to 200, hold 1 min',
    startVUs: 0,
    stages: [
      { duration: '30s', target: 50 },
      { duration: '30s', target: 100 },
      { duration: '30s', target: 150 },
      { duration: '30s', target: 200 },
      { duration: '1m', target: 200 },
      { duration: '30s', target: 0 },
    ],
    thresholds: { errorRate: 0.01, p95: 500, p99: 1500 },
  },
  spike: {
    description: 'from 5 to 200 users in 10 s, 30 s at the peak, back to 5',
    startVUs: 5,
    stages: [
      { duration: '20s', target: 5 },
      { duration: '10s', target: 200 },
      { duration: '30s', target: 200 },
      { duration: '10s', target: 5 },
      { duration: '30s', target: 5 },
      { duration: '10s', target: 0 },
    ],
    thresholds: { errorRate: 0.05, p95: 1000, p99: 3000 },
  },
  soak: {
    description: '50 users for 30 min: leaks, slow growth, exhaustion',
    startVUs: 0,
    stages: [
      { duration: '1m', target: 50 },
      { duration: '30m', target: 50 },
      { duration: '1m', target: 0 },
    ],
    thresholds: { errorRate: 0.01, p95: 200, p99: 500 },
  },
};

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

/**
 * k6 `options` for a scenario and profile: one ramping-vus scenario and
 * thresholds on the requests of the load itself (tag phase:load, not setup).
 */
export function k6Options(scenarioName, profileName, scenario) {
  const profile = profileNamed(profileName);
  const limits = thresholdsOf(profileName, scenario);
  const thresholds = {
    'graphql_errors{phase:load}': ['rate<=' + limits.errorRate],
    'http_req_failed{phase:load}': ['rate<=' + limits.errorRate],
    'http_req_duration{phase:load}': ['p(95)<=' + limits.p95, 'p(99)<=' + limits.p99],
  };
  if (limits.minRps) thresholds['http_reqs{phase:load}'] = ['rate>=' + limits.minRps];
  const scenarios = {};
  scenarios[scenarioName] = {
    executor: 'ramping-vus',
    startVUs: profile.startVUs,
    stages: profile.stages,
    gracefulRampDown: '10s',
    gracefulStop: '10s',
  };
  return { scenarios, thresholds, setupTimeout: '120s', summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'] };
}
