/**
 * What a Markdown document points at: its links (`[text](target#anchor)`,
 * relative to the document) and the repository paths it quotes in code
 * (`subgraphs/sales/resolvers.ts`, relative to the project root), plus the
 * anchors its headings make. Tests use it to fail when the documentation
 * names a file, folder or section that does not exist.
 */
/** Inline code: a run of backticks, the code, the same run again. */
const CODE_SPAN = /(`+)((?:(?!\1)[\s\S])+?)\1/g;

export interface MarkdownLink {
  line: number;
  /** Path part, '' for a link inside the same document. */
  target: string;
  anchor?: string;
}

export interface QuotedPath {
  line: number;
  path: string;
}

/** Links to other places of the repository (web addresses and mail are left out). */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(markdown).forEach((line, index) => {
    // Code spans are examples, not links.
    const text = line.replace(CODE_SPAN, (span) => span.replace(/[^`]/g, ' '));
    for (const match of text.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const href = match[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      const [target = '', anchor] = href.split('#', 2);
      links.push({ line: index + 1, target: decodeURI(target), ...(anchor === undefined ? {} : { anchor }) });
    }
  });
  return links;
}

/**
 * Words in inline code and code blocks that name a repository path: their
 * first segment is one of `roots` (the project's top-level entries) and they
 * hold a slash. Placeholders (`subgraphs/<name>/…`) are left out; globs
 * (`test/fault/*.e2e.test.ts`, `bench.{md,json}`) are kept for the caller to
 * match.
 */
export function quotedPaths(markdown: string, roots: ReadonlySet<string>): QuotedPath[] {
  const found: QuotedPath[] = [];
  codeLines(markdown).forEach((code, index) => {
    for (const word of code.split(/\s+/)) {
      const path = word.replace(/^[("'[]+/, '').replace(/[)"'\],.;:]+$/, '').replace(/:\d+$/, '');
      if (!path.includes('/') || /[<>]/.test(path)) continue;
      if (!roots.has(path.split('/')[0]!)) continue;
      found.push({ line: index + 1, path: path.replace(/\/$/, '') });
    }
  });
  return found;
}

/** The anchor of each heading as GitHub makes it (lower case, punctuation dropped, spaces to hyphens, -1, -2 … for repeats). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const text of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = heading[1]!.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const repeats = seen.get(slug) ?? 0;
    seen.set(slug, repeats + 1);
    anchors.add(repeats ? `${slug}-${repeats}` : slug);
  }
  return anchors;
}

/** Each line and whether it lies in a code block (the fence lines themselves are blank code). */
function linesByFence(markdown: string): Array<{ text: string; inBlock: boolean }> {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (!/^\s*(```|~~~)/.test(line)) return { text: line, inBlock: fenced };
    fenced = !fenced;
    return { text: '', inBlock: true };
  });
}

/** Each line with code blocks blanked, so examples never count as links or headings (line numbers kept). */
function proseLines(markdown: string): string[] {
  return linesByFence(markdown).map((line) => (line.inBlock ? '' : line.text));
}

/** Each line reduced to its code: the whole line inside a code block, its inline code spans elsewhere. */
function codeLines(markdown: string): string[] {
  return linesByFence(markdown).map((line) => (line.inBlock ? line.text : [...line.text.matchAll(CODE_SPAN)].map((span) => span[2]).join(' ')));
}
