import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoutesFile, webDistDir } from '../../supergraph/web-app.js';
import { appPaths } from '../../web/routes.js';

describe('the app routes of the web build', () => {
  it('when the web app is built, then its app-routes.json lists every path of the app, which the router serves index.html at', () => {
    const file = path.join(webDistDir, appRoutesFile);
    expect(existsSync(file), `${file} is missing: run npm run build:web`).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([...appPaths]);
  });
});
