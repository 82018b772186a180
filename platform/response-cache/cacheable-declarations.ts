import { Kind, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { CACHE_SCOPES, type CacheScope } from './response-cache-key.js';
import { isValidTag } from './response-cache-store.js';

/** One @cacheable declaration of a subgraph's schema, checked. */
export interface CacheableDeclaration {
  maxAge: number;
  scope: CacheScope;
  /** Templates: `{args.x}` is the field's argument x, `{x}` the parent object's field x, `{x.y}` the field y of that field (a nested key). */
  tags: readonly string[];
}

/** Longest maxAge accepted: a day (an entry lost from invalidation by a bug then heals by itself within it). */
export const MAX_AGE_LIMIT = 86_400;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Declarations by `Type.field` (a field's own) and `Type` (its type's), with the mistakes found. */
export interface CacheableDeclarations {
  byCoordinate: Map<string, CacheableDeclaration>;
  errors: string[];
}

/** Reads every @cacheable of a subgraph's SDL; a malformed one is an error (composition fails on it) and never a declaration. */
export function readCacheableDeclarations(typeDefs: DocumentNode): CacheableDeclarations {
  const byCoordinate = new Map<string, CacheableDeclaration>();
  const errors: string[] = [];
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    const fieldNames = new Set((type.fields ?? []).map((f) => f.name.value));
    const read = (coordinate: string, directive: ConstDirectiveNode, field?: FieldDefinitionNode) => {
      const checked = checkDeclaration(directive, fieldNames, field);
      if (typeof checked === 'string') errors.push(`@cacheable on ${coordinate}: ${checked}`);
      else byCoordinate.set(coordinate, checked);
    };
    for (const directive of cacheableDirectives(type.directives)) read(type.name.value, directive);
    for (const field of type.fields ?? []) {
      for (const directive of cacheableDirectives(field.directives)) read(`${type.name.value}.${field.name.value}`, directive, field);
    }
  }
  return { byCoordinate, errors };
}

function cacheableDirectives(directives: readonly ConstDirectiveNode[] | undefined): ConstDirectiveNode[] {
  return (directives ?? []).filter((d) => d.name.value === 'cacheable');
}

/** The declaration, or what is wrong with it. */
function checkDeclaration(directive: ConstDirectiveNode, parentFields: ReadonlySet<string>, field?: FieldDefinitionNode): CacheableDeclaration | string {
  const args = new Map((directive.arguments ?? []).map((a) => [a.name.value, a.value]));
  const maxAge = args.get('maxAge');
  if (maxAge?.kind !== Kind.INT || Number(maxAge.value) < 1 || Number(maxAge.value) > MAX_AGE_LIMIT) return `maxAge must be an integer from 1 to ${MAX_AGE_LIMIT}`;
  const scope = args.get('scope');
  if (scope?.kind !== Kind.ENUM || !CACHE_SCOPES.includes(scope.value as CacheScope)) return `scope must be one of ${CACHE_SCOPES.join(', ')}`;
  const tagsValue = args.get('tags');
  const tagNodes = tagsValue === undefined || tagsValue.kind === Kind.NULL ? [] : tagsValue.kind === Kind.LIST ? tagsValue.values : [tagsValue];
  const tags: string[] = [];
  for (const node of tagNodes) {
    if (node.kind !== Kind.STRING) return 'tags must be strings';
    const problem = checkTagTemplate(node.value, parentFields, field);
    if (problem) return `tag "${node.value}": ${problem}`;
    tags.push(node.value);
  }
  const unknown = [...args.keys()].filter((name) => !['maxAge', 'scope', 'tags'].includes(name));
  if (unknown.length) return `unknown arguments ${unknown.join(', ')}`;
  return { maxAge: Number(maxAge.value), scope: scope.value as CacheScope, tags };
}

function checkTagTemplate(template: string, parentFields: ReadonlySet<string>, field?: FieldDefinitionNode): string | undefined {
  if (!isValidTag(template.replace(PLACEHOLDER, 'x'))) return 'a tag is 1 to 200 characters without spaces or "|"';
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return 'unbalanced braces';
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (name!.startsWith('args.')) {
      if (!field) return `{${name}}: a type's declaration has no arguments`;
      if (!(field.arguments ?? []).some((a) => a.name.value === name!.slice(5))) return `{${name}}: ${field.name.value} has no such argument`;
    } else if (!parentFields.has(name!.split('.')[0]!)) {
      return `{${name}}: the type has no field ${name!.split('.')[0]} in this subgraph`;
    } else if (name!.split('.').some((part) => part === '')) {
      return `{${name}}: an empty field name`;
    }
  }
  return undefined;
}

/** The value at a path of field names in the parent object (a nested key: `store.id`); undefined where the path stops. */
function valueAt(parent: unknown, path: readonly string[]): unknown {
  let value = parent;
  for (const name of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return value;
}

/** A template with its placeholders filled from the field's arguments and its parent object; undefined when a value is missing (then not cached). */
export function expandTag(template: string, args: Record<string, unknown>, parent: unknown): string | undefined {
  let missing = false;
  const tag = template.replace(PLACEHOLDER, (_, name: string) => {
    const value = name.startsWith('args.') ? args[name.slice(5)] : valueAt(parent, name.split('.'));
    if (typeof value !== 'string' && typeof value !== 'number') {
      missing = true;
      return '';
    }
    return String(value).toLowerCase();
  });
  return missing || !isValidTag(tag) ? undefined : tag;
}
