/**
 * k6 GraphQL helper. A GraphQL API answers most failures with status 200 and
 * an `errors` list, which k6's http_req_failed does not see: every request
 * also adds to the Rate metric `graphql_errors` (true = failed: no answer,
 * non-200, GraphQL errors or no data), tagged with the operation and the
 * phase (setup or load), and to the Counter `graphql_error_codes` per code.
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Rate } from 'k6/metrics';
import { readResponse } from './scenario.js';

export const graphqlErrors = new Rate('graphql_errors');
export const graphqlErrorCodes = new Counter('graphql_error_codes');

/**
 * Sends one operation; answers with readResponse's shape ({ok, data, codes, message}).
 * `phase` is `setup` or `load` (thresholds only look at `load`).
 */
export function graphql(url, { operation, query, variables, token }, phase) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const tags = { name: operation, operation, phase };
  const res = http.post(url, JSON.stringify({ operationName: operation, query, variables }), { headers, tags, responseType: 'text' });
  const answer = readResponse(res.status, res.body);
  graphqlErrors.add(!answer.ok, tags);
  answer.codes.forEach((code) => graphqlErrorCodes.add(1, { operation, phase, code }));
  check(answer, { 'answered without GraphQL errors': (a) => a.ok }, tags);
  return answer;
}
