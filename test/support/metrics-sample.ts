/** Sums the samples of one metric on a service's /metrics whose labels include all of `labels`. */
export async function metricSample(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.entries(labels).every(([k, v]) => match[2]?.includes(`${k}="${v}"`));
    if (present) total += Number(match[3]);
  }
  return total;
}
