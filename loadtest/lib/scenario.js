/**
 * The scenario model both load generators share: the k6 scripts
 * (loadtest/k6) and the Node runner (`npm run load`, loadtest/node) read the
 * same data files (loadtest/scenarios/*.json naming the operations of
 * loadtest/operations/*.graphql) through this module.
 *
 * Plain ES module without imports and without generators or `?.`, so that
 * k6's JavaScript runtime loads it as well as Node. Requests go through a
 * `send` function given by each generator: k6's answers synchronously,
 * Node's with a promise; `then` below serves both.
 *
 * Values in a scenario are JSON; an object with one `$` key is computed:
 *   {"$ref": "sale.recordSale.lines.0.product.id"}  a value of the scope (setup lists, sessions, earlier results)
 *   {"$pick": "stores"} / {"$pick": [...]}           a random element of a list (named or given)
 *   {"$sample": {"from": "products", "size": [1, 3]}} distinct random elements
 *   {"$int": [1, 3]}                                 a random whole number, both ends included
 *   {"$key": "sale"}                                 a string unique to this run (idempotency keys)
 *   {"$day": -6}                                     the ISO start of a UTC day relative to today (0 today, 1 tomorrow), as the web app's report periods
 *   {"$concat": ["a", {"$ref": "x"}]}               the parts joined as a string
 *   {"$map": {"over": ..., "as": "p", "to": {...}}}  a list built from another
 */

/** The GraphQL endpoint of a base URL (`http://localhost:8080`) or of a URL already ending in /graphql. */
export function graphqlUrl(baseUrl) {
  const trimmed = String(baseUrl).replace(/\/+$/, '');
  return /\/graphql$/.test(trimmed) ? trimmed : trimmed + '/graphql';
}

/**
 * Calls `next` with the value, once it is there (the value or a promise of
 * it). Not exported: a module exporting `then` is itself a thenable to `import()`.
 */
function then(value, next) {
  return value && typeof value.then === 'function' ? value.then(next) : next(value);
}

/** Runs `step` on each item in order (each after the previous one's request). */
function each(items, step) {
  let result;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    result = then(result, () => step(item));
  }
  return result;
}

// ---- values ----------------------------------------------------------------

let keyCounter = 0;

function lookup(scope, path) {
  let value = scope;
  const parts = String(path).split('.');
  for (let i = 0; i < parts.length; i++) {
    if (value === null || value === undefined) break;
    value = value[parts[i]];
  }
  if (value === undefined) throw new Error('nothing at ' + path);
  return value;
}

function randomInt(min, max) {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function listOf(source, scope) {
  const list = typeof source === 'string' ? lookup(scope, source) : evaluate(source, scope);
  if (!Array.isArray(list) || list.length === 0) throw new Error('not a list with elements: ' + JSON.stringify(source));
  return list;
}

function sizeOf(size, scope) {
  const value = evaluate(size, scope);
  return Array.isArray(value) ? randomInt(value[0], value[1]) : value;
}

function sample(list, size) {
  const copy = list.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const swap = copy[i];
    copy[i] = copy[j];
    copy[j] = swap;
  }
  return copy.slice(0, Math.min(size, copy.length));
}

const operators = {
  $ref: (path, scope) => lookup(scope, path),
  $pick: (source, scope) => {
    const list = listOf(source, scope);
    return list[Math.floor(Math.random() * list.length)];
  },
  $sample: (spec, scope) => sample(listOf(spec.from, scope), sizeOf(spec.size, scope)),
  $int: (range, scope) => {
    const bounds = evaluate(range, scope);
    return randomInt(bounds[0], bounds[1]);
  },
  $key: (prefix, scope) => prefix + '-' + scope.$keyPrefix + '-' + (++keyCounter).toString(36),
  $day: (offset, scope) => {
    const day = new Date();
    day.setUTCHours(0, 0, 0, 0);
    return new Date(day.getTime() + evaluate(offset, scope) * 86400000).toISOString();
  },
  $concat: (parts, scope) => evaluate(parts, scope).join(''),
  $map: (spec, scope) =>
    listOf(spec.over, scope).map((item) => {
      const inner = Object.assign({}, scope);
      inner[spec.as] = item;
      return evaluate(spec.to, inner);
    }),
};

/** The concrete value of a scenario value (see the operators above). */
export function evaluate(value, scope) {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, scope));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0].charAt(0) === '$') {
    const operator = operators[keys[0]];
    if (!operator) throw new Error('unknown operator ' + keys[0]);
    return operator(value[keys[0]], scope);
  }
  const result = {};
  for (let i = 0; i < keys.length; i++) result[keys[i]] = evaluate(value[keys[i]], scope);
  return result;
}

/** Binds each `let` entry in order, so later ones may refer to earlier ones. */
function bind(bindings, scope) {
  const names = Object.keys(bindings || {});
  for (let i = 0; i < names.length; i++) scope[names[i]] = evaluate(bindings[names[i]], scope);
}

// ---- answers ---------------------------------------------------------------

/**
 * What an HTTP answer means for a load test: ok only with status 200, a JSON
 * body with data and no GraphQL errors. `codes` names every failure
 * (`HTTP_502`, `NO_RESPONSE`, `NOT_JSON`, `NO_DATA` or the errors' extensions.code).
 */
export function readResponse(status, body) {
  if (!status) return { ok: false, data: null, codes: ['NO_RESPONSE'], message: 'no answer (connection refused, reset or timed out)' };
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { ok: false, data: null, codes: [status === 200 ? 'NOT_JSON' : 'HTTP_' + status], message: String(body).slice(0, 200) };
  }
  const errors = (parsed && parsed.errors) || [];
  const data = parsed && parsed.data !== undefined ? parsed.data : null;
  const codes = errors.map((e) => (e.extensions && e.extensions.code) || 'GRAPHQL_ERROR');
  if (status !== 200) codes.unshift('HTTP_' + status);
  else if (codes.length === 0 && data === null) codes.push('NO_DATA');
  return { ok: codes.length === 0, data, codes, message: errors.length ? errors[0].message : codes.join(', ') };
}

// ---- flows -----------------------------------------------------------------

/** Every operation a scenario sends, its setup's included (their documents must be loaded). */
export function operationsOf(scenario) {
  const names = ['SetupLocations', 'SetupProducts'];
  if (scenario.setup && scenario.setup.logins) names.push('Login');
  if (scenario.setup && scenario.setup.restock) names.push('SetupStock', 'Restock');
  scenario.flows.forEach((flow) => flow.steps.forEach((step) => names.push(step.operation)));
  return names.filter((name, i) => names.indexOf(name) === i);
}

/** A flow by weight. */
function pickFlow(flows) {
  const total = flows.reduce((sum, flow) => sum + flow.weight, 0);
  let point = Math.random() * total;
  for (let i = 0; i < flows.length; i++) {
    point -= flows[i].weight;
    if (point < 0) return flows[i];
  }
  return flows[flows.length - 1];
}

/** The session a step acts as: a session, or the name of a login group (any of its sessions). */
function sessionOf(as, scope) {
  if (as === undefined) return null;
  const value = evaluate(as, scope);
  return typeof value === 'string' ? operators.$pick(value, scope) : value;
}

/**
 * One iteration of a virtual user: a flow chosen by weight whose steps run in
 * order. `next()` gives the next request ({operation, variables, token});
 * `record(answer)` takes its answer (readResponse); a failed step ends the flow.
 */
export function startFlow(scenario, data, keyPrefix) {
  const flow = pickFlow(scenario.flows);
  const scope = Object.assign({ $keyPrefix: keyPrefix }, data.scope);
  bind(flow.let, scope);
  let index = 0;
  return {
    name: flow.name,
    done: () => index >= flow.steps.length,
    next() {
      const step = flow.steps[index];
      bind(step.let, scope);
      const session = sessionOf(step.as, scope);
      return { operation: step.operation, variables: evaluate(step.variables || {}, scope), token: session ? session.token : null };
    },
    record(answer) {
      const step = flow.steps[index];
      if (!answer.ok) {
        index = flow.steps.length;
        return;
      }
      if (step.save) scope[step.save] = answer.data;
      index += 1;
    },
  };
}

// ---- setup -----------------------------------------------------------------

/**
 * Fails with the operation and the answer, so a load test stops at once when
 * its target is down or a login is refused.
 */
function required(operation, answer) {
  if (!answer.ok) throw new Error(operation + ' failed: ' + answer.codes.join(', ') + ' — ' + answer.message);
  return answer.data;
}

/** Every node of a paginated connection, page after page (`select` finds the connection in data). */
function allNodes(send, operation, variables, token, select, after, nodes) {
  const page = Object.assign({ first: 100, after: after || null }, variables);
  return then(send(operation, page, token), (answer) => {
    const connection = select(required(operation, answer));
    const all = (nodes || []).concat(connection.edges.map((edge) => edge.node));
    return connection.pageInfo.hasNextPage ? allNodes(send, operation, variables, token, select, connection.pageInfo.endCursor, all) : all;
  });
}

/** Password of a demo login: given, or (DESIGN.md) the word before the @. */
function credentialsOf(login) {
  return typeof login === 'string' ? { email: login, password: login.split('@')[0] } : login;
}

/** One session per login of each group; `known` (email → session) spares repeated logins in one process. */
function logIn(send, logins, sessions, known) {
  const groups = Object.keys(logins || {});
  return each(groups, (group) => {
    sessions[group] = [];
    return each(logins[group], (login) => {
      const credentials = credentialsOf(login);
      if (known && known[credentials.email]) return sessions[group].push(known[credentials.email]);
      return then(send('Login', credentials, null), (answer) => {
        const payload = required('Login as ' + credentials.email, answer).login;
        const session = { email: credentials.email, role: payload.viewer.role, store: payload.viewer.store, token: payload.token };
        if (known) known[credentials.email] = session;
        sessions[group].push(session);
      });
    });
  });
}

/**
 * Tops up, as head office, every product of the pool below `below` units at
 * the given locations to `to` units, so that write scenarios never run out of
 * stock (INSUFFICIENT_STOCK would count as errors) however often they run.
 */
function restock(send, spec, scope) {
  const admin = operators.$pick(spec.as, scope);
  const locations = spec.at === 'warehouse' ? [scope.warehouse] : spec.at === 'stores' ? scope.stores : scope.locations;
  const pool = {};
  scope.products.forEach((product) => (pool[product.id] = true));
  return each(locations, (location) =>
    then(allNodes(send, 'SetupStock', { storeId: location.id }, admin.token, (data) => data.store.stock), (levels) => {
      const low = levels.filter((level) => pool[level.product.id] && level.quantity < spec.below);
      return each(low, (level) =>
        then(send('Restock', { storeId: location.id, productId: level.product.id, delta: spec.to - level.quantity, reason: 'load test restock' }, admin.token), (answer) => {
          required('Restock', answer);
        }),
      );
    }),
  );
}

/**
 * The data every virtual user starts from: stores, warehouse, the product
 * pool (active products, or only `options.productIds`), categories, the
 * scenario's own `data` lists and one session per login. `send(operation,
 * variables, token)` answers with readResponse's shape. Options: productIds,
 * sessions (email → session, filled and reused across runs in one process).
 */
export function setupScenario(scenario, options, send) {
  const setup = scenario.setup || {};
  const scope = Object.assign({}, scenario.data || {});
  return then(send('SetupLocations', {}, null), (answer) => {
    const locations = required('SetupLocations', answer);
    scope.stores = locations.stores;
    scope.warehouse = locations.warehouse;
    scope.locations = locations.stores.concat([locations.warehouse]);
    const onlyIds = options && options.productIds && options.productIds.length ? options.productIds : null;
    const products = allNodes(send, 'SetupProducts', {}, null, (data) => {
      scope.categories = data.categories;
      return data.products;
    });
    return then(products, (all) => {
      scope.products = all.filter((p) => p.active && (!onlyIds || onlyIds.indexOf(p.id) >= 0));
      if (scope.products.length === 0) throw new Error('no active product to load' + (onlyIds ? ' among ' + onlyIds.join(', ') : ''));
      return then(logIn(send, setup.logins, scope, options && options.sessions), () => then(setup.restock ? restock(send, setup.restock, scope) : null, () => ({ scope })));
    });
  });
}
