/** The Node.js major Haven runs on (LTS); older runtimes no longer get security fixes. */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * Why this Node.js version cannot run Haven, or null when it can. Node.js 20 reached end of life on
 * 2026-04-30; on a machine whose own Node.js is older, `npm ci` installs Node.js 24 from the npm registry
 * (node_modules/.bin/node), which every npm script uses.
 */
export function unsupportedRuntime(version: string): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major === REQUIRED_NODE_MAJOR) return null;
  return (
    `Haven needs Node.js ${REQUIRED_NODE_MAJOR} LTS, found ${version}. Run it through the npm scripts ` +
    `(npm start, npm run cli …), which use the Node.js ${REQUIRED_NODE_MAJOR} that npm ci installed, or ` +
    `install Node.js ${REQUIRED_NODE_MAJOR}.`
  );
}
