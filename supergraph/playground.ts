import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * GraphiQL served from the router's own node_modules, so the playground works
 * without internet access (Apollo's landing page loads from a CDN).
 */
const packageFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

const assets: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

/** The files the playground serves (the image copies them: it ships no node_modules). */
export const playgroundAssetFiles: readonly string[] = Object.values(assets).map((asset) => asset.file);

const cache = new Map<string, Buffer>();

const defaultQuery = `# Sign in with the login mutation, then add the header
#   { "Authorization": "Bearer <token>" }
# in the Headers tab below.
query StoreStock {
  stores {
    code
    name
    stock(first: 5, orderBy: QUANTITY_ASC) {
      edges { node { quantity product { sku name price } } }
    }
  }
}
`;

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Retail federation · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/playground/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: window.location.origin + '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(defaultQuery)}, defaultEditorToolsVisibility: true })
    );
  </script>
</body>
</html>`;

export function playgroundHandler(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(page);
}

export function playgroundAssetHandler(req: IncomingMessage, res: ServerResponse): void {
  const name = (req.url ?? '').split('?')[0]!.replace('/playground/', '');
  const asset = assets[name];
  if (!asset) {
    res.statusCode = 404;
    res.end();
    return;
  }
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(asset.file);
    cache.set(name, body);
  }
  res.setHeader('content-type', asset.type);
  res.setHeader('cache-control', 'public, max-age=86400');
  res.end(body);
}

export const playgroundAssetPaths = Object.keys(assets).map((name) => `/playground/${name}`);
