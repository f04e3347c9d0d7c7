import { api, type Query } from '../api/client.ts';

// The dashboard's report is the slowest request of the app. When the app boots on a page whose
// first request is known, that request starts at once, in parallel with the session check and
// the page's code, and the page picks the answer up instead of asking again.
const pending = new Map<string, Promise<unknown>>();

const keyOf = (path: string, query?: Query) => `${path}?${JSON.stringify(query ?? {})}`;

export function preload(path: string, query?: Query): void {
  const key = keyOf(path, query);
  if (pending.has(key)) return;
  const p = api.get<unknown>(path, query);
  p.catch(() => undefined); // the page that takes it reports errors
  pending.set(key, p);
}

/** The preloaded answer for this request, once; later calls go to the network. */
export function takePreloaded<T>(path: string, query?: Query): Promise<T> | undefined {
  const key = keyOf(path, query);
  const p = pending.get(key);
  pending.delete(key);
  return p as Promise<T> | undefined;
}
