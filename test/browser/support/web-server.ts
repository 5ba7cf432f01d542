import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_WEB } from './deps';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The web application as production serves it: by the API process itself (src/platform/http/web-app.ts),
 * from dist/web, under the API's own headers. Kept as a thin alias so browser specs say what they open.
 */
export function startWebServer(apiUrl: string): Promise<WebServer> {
  if (!existsSync(join(DIST_WEB, 'index.html'))) {
    throw new Error('dist/web is missing: build the web application first (npm run build --workspace web)');
  }
  return Promise.resolve({ url: apiUrl, close: () => Promise.resolve() });
}
