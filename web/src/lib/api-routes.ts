import { useEffect, useState } from 'react';

// Some pages use endpoints that later parts of Yunhu add (queues, live agent state). Rather than
// calling a route that is not there (a 404 the browser logs as an error), they ask the server's
// OpenAPI document which paths exist. Fetched once per page load.
let pathsPromise: Promise<Set<string>> | null = null;

function loadPaths(): Promise<Set<string>> {
  pathsPromise ??= fetch('/api/docs/json', { credentials: 'same-origin' })
    .then((r) => (r.ok ? (r.json() as Promise<{ paths?: Record<string, unknown> }>) : {}))
    .then((doc) => new Set(Object.keys((doc as { paths?: Record<string, unknown> }).paths ?? {})))
    .catch(() => new Set<string>());
  return pathsPromise;
}

/** undefined while unknown, then whether GET `path` is part of the server's API. */
export function useApiHas(path: string): boolean | undefined {
  const [has, setHas] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void loadPaths().then((paths) => alive && setHas(paths.has(path)));
    return () => {
      alive = false;
    };
  }, [path]);
  return has;
}
