import type { GraphQLFormattedError } from 'graphql';

/**
 * Apollo Gateway sends every entity of a query plan's fetch in ONE
 * `_entities` request, duplicates included (each stock-out of each store
 * carries its product): at chain scale that was half a million Product
 * representations in one body. The router sends each distinct
 * representation once, in batches of at most `maxPerFetch`, and puts the
 * answers back in the order the gateway asked.
 */
export interface EntityBatchPlan {
  /** Distinct representations, in batches. */
  batches: unknown[][];
  /** For each representation the gateway sent, its position among the distinct ones. */
  slots: number[];
}

export function planEntityBatches(representations: readonly unknown[], maxPerFetch: number): EntityBatchPlan {
  const distinct: unknown[] = [];
  const positions = new Map<string, number>();
  const slots = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let position = positions.get(key);
    if (position === undefined) {
      position = distinct.push(representation) - 1;
      positions.set(key, position);
    }
    return position;
  });
  const batches: unknown[][] = [];
  for (let i = 0; i < distinct.length; i += maxPerFetch) batches.push(distinct.slice(i, i + maxPerFetch));
  return { batches, slots };
}

/** Whether the plan changes anything (duplicates or more than one batch). */
export function isWorthSplitting(plan: EntityBatchPlan): boolean {
  return plan.batches.length > 1 || (plan.batches[0]?.length ?? 0) < plan.slots.length;
}

export interface EntityAnswer {
  data?: { _entities?: unknown[] | null } | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** What each representation of one answer was declared (`extensions.cacheable.entities`), or undefined. */
const declarationsOf = (answer: EntityAnswer | undefined): unknown[] | undefined => {
  const entities = (answer?.extensions?.cacheable as { entities?: unknown } | undefined)?.entities;
  return Array.isArray(entities) ? entities : undefined;
};

/**
 * One answer as if the gateway's request had been sent whole: `_entities`
 * in its order (a batch without data gives nulls), errors of an entity
 * pointing at the first place it was asked for, the same error of several
 * batches (a refused caller) once, and what each place's entity was declared
 * cacheable as (the response cache stores each place: duplicates too).
 */
export function mergeEntityAnswers(plan: EntityBatchPlan, answers: readonly EntityAnswer[]): EntityAnswer {
  const distinct: unknown[] = [];
  const distinctDeclarations: unknown[] = [];
  const errors = new Map<string, GraphQLFormattedError>();
  const firstSlot = new Map<number, number>();
  plan.slots.forEach((position, i) => firstSlot.has(position) || firstSlot.set(position, i));
  let offset = 0;
  plan.batches.forEach((batch, b) => {
    const answer = answers[b];
    const entities = answer?.data?._entities;
    const declared = declarationsOf(answer);
    for (let i = 0; i < batch.length; i++) {
      distinct.push(Array.isArray(entities) ? (entities[i] ?? null) : null);
      distinctDeclarations.push(declared?.[i] ?? null);
    }
    for (const error of answer?.errors ?? []) {
      const path = error.path?.[0] === '_entities' && typeof error.path[1] === 'number' ? ['_entities', firstSlot.get(offset + error.path[1]) ?? 0, ...error.path.slice(2)] : error.path;
      const merged = path ? { ...error, path } : error;
      errors.set(JSON.stringify([merged.message, merged.path, merged.extensions?.code]), merged);
    }
    offset += batch.length;
  });
  const anyData = answers.some((a) => a.data);
  // An entity asked for in several places gets its own copy in each: the gateway merges later fetches into them.
  const placed = new Set<number>();
  const entities = plan.slots.map((position) => {
    const entity = distinct[position];
    if (!placed.has(position) || entity === null || typeof entity !== 'object') return placed.add(position), entity;
    return structuredClone(entity);
  });
  const anyDeclared = answers.some((a) => declarationsOf(a) !== undefined);
  return {
    data: anyData ? { _entities: entities } : null,
    ...(errors.size > 0 ? { errors: [...errors.values()] } : {}),
    ...(anyDeclared ? { extensions: { cacheable: { entities: plan.slots.map((position) => distinctDeclarations[position]) } } } : {}),
  };
}
