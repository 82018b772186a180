/**
 * Tag versions of an in-process cache: counters of one sequence, so a
 * version is never reused and the sequence's position tells whether any tag
 * was bumped since. Never evicted (a tag is a few bytes; an evicted one
 * would come back at a version an old entry may still carry).
 */
export class TagVersions {
  private readonly versions = new Map<string, number>();
  private sequence = 0;

  /** The sequence's position: the newest version given out. */
  get position(): number {
    return this.sequence;
  }

  /** The tag's version, numbered now when it has none yet. */
  versionOf(tag: string): number {
    let v = this.versions.get(tag);
    if (v === undefined) {
      v = ++this.sequence;
      this.versions.set(tag, v);
    }
    return v;
  }

  /** The tag's version if it has one (0 when never numbered). */
  current(tag: string): number {
    return this.versions.get(tag) ?? 0;
  }

  bump(tags: readonly string[]): void {
    for (const tag of tags) this.versions.set(tag, ++this.sequence);
  }
}
