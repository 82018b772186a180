import { narrowestScope, type CacheScope } from '../platform/response-cache/response-cache-key.js';

/** What one subgraph fetch may be cached as: its tags (entity tags included), until when, and for whom. */
export interface FetchDeclaration {
  tags: readonly string[];
  /** Epoch milliseconds: the fetch's shortest remaining lifetime (a hit's entry keeps its own). */
  expiresAt: number;
  scope: CacheScope;
}

/**
 * The subgraph fetches of one operation, as the whole-response cache needs
 * them (whole-response-cache.plugin.ts): the operation's answer may be
 * stored only when every fetch was declared cacheable, under the union of
 * their tags, the shortest lifetime and the narrowest scope. A fetch that
 * started and never reported (bypassed, failed) makes the whole uncacheable.
 */
export class OperationFetches {
  private started = 0;
  private declared: FetchDeclaration[] = [];
  private undeclared = false;
  private reported = 0;

  /** Call when a fetch starts; call what it returns with its declaration once answered (undefined: not cacheable). */
  start(): (declaration: FetchDeclaration | undefined) => void {
    this.started++;
    let reported = false;
    return (declaration) => {
      if (reported) return;
      reported = true;
      this.reported++;
      if (declaration) this.declared.push(declaration);
      else this.undeclared = true;
    };
  }

  /** Every fetch answered, and one of them was not declared cacheable: the operation is not cacheable as it stands. */
  get undeclaredFetch(): boolean {
    return this.undeclared && this.reported === this.started;
  }

  /** The whole operation's declaration, or undefined when it must not be stored (no fetch, one undeclared or unfinished). */
  combined(): FetchDeclaration | undefined {
    if (this.undeclared || this.declared.length !== this.started) return undefined;
    return combineDeclarations(this.declared);
  }
}

/** Parts served together: the union of their tags, the shortest lifetime, the narrowest scope; undefined when one is not cacheable or there are none. */
export function combineDeclarations(parts: ReadonlyArray<FetchDeclaration | undefined>): FetchDeclaration | undefined {
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  const declared = parts as readonly FetchDeclaration[];
  return {
    tags: [...new Set(declared.flatMap((d) => d.tags))],
    expiresAt: Math.min(...declared.map((d) => d.expiresAt)),
    scope: narrowestScope(declared.map((d) => d.scope)),
  };
}
