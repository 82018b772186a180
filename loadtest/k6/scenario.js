/**
 * Runs one scenario of loadtest/scenarios with one load profile of
 * loadtest/lib/profiles.js:
 *
 *   k6 run -e SCENARIO=classic -e PROFILE=stress -e BASE_URL=http://localhost:8080 loadtest/k6/scenario.js
 *
 * SCENARIO (required): a file name of loadtest/scenarios without .json.
 * PROFILE: smoke (default), baseline, stress, spike, soak or open (the open
 *   model: constant-arrival-rate, e.g. -e PROFILE=open -e RATE=1000 -e DURATION=30s).
 * RATE, DURATION: the arrival rate (iterations per second) and duration of the open model (default the profile's).
 * BASE_URL: the system (Nginx), default http://localhost:8080; /graphql is appended.
 * PRODUCTS: optional comma-separated product ids to load (default: every active product).
 * SLEEP: optional think time in seconds between iterations (default 0, as the Node runner).
 *
 * setup() signs in and aborts the whole test when the target does not answer
 * or a login is refused; then each iteration of a virtual user runs one flow
 * of the scenario, chosen by weight.
 */
import exec from 'k6/execution';
import { sleep } from 'k6';
import { graphql } from '../lib/graphql.js';
import { k6Options } from '../lib/profiles.js';
import { graphqlUrl, operationsOf, setupScenario, startFlow } from '../lib/scenario.js';

const scenarioName = __ENV.SCENARIO;
if (!scenarioName) throw new Error('set the scenario: k6 run -e SCENARIO=<name of a loadtest/scenarios/*.json file> loadtest/k6/scenario.js');
const profileName = __ENV.PROFILE || 'smoke';
const url = graphqlUrl(__ENV.BASE_URL || 'http://localhost:8080');
const productIds = __ENV.PRODUCTS ? __ENV.PRODUCTS.split(',') : [];
const thinkTime = Number(__ENV.SLEEP || 0);

// open() in the init context; the paths are the same from loadtest/k6 and loadtest/lib.
const scenario = JSON.parse(open('../scenarios/' + scenarioName + '.json'));
const documents = {};
operationsOf(scenario).forEach((name) => (documents[name] = open('../operations/' + name + '.graphql')));

export const options = k6Options(scenarioName, profileName, scenario, { rate: __ENV.RATE, duration: __ENV.DURATION });

function sender(phase) {
  return (operation, variables, token) => graphql(url, { operation, query: documents[operation], variables, token }, phase);
}

export function setup() {
  try {
    return setupScenario(scenario, { productIds }, sender('setup'));
  } catch (error) {
    exec.test.abort('setup against ' + url + ' failed, is the system up? ' + error.message);
  }
}

export default function (data) {
  const flow = startFlow(scenario, data, exec.vu.idInTest + '-' + exec.vu.iterationInInstance + '-' + Date.now().toString(36));
  const send = sender('load');
  while (!flow.done()) {
    const request = flow.next();
    flow.record(send(request.operation, request.variables, request.token));
  }
  if (thinkTime > 0) sleep(thinkTime);
}
