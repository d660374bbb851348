/** Every view's state lives in the URL hash, so any view is a permalink: `#/<page>/<run>?<params>`. */
export type Route =
  | { page: 'runs'; params: URLSearchParams }
  | { page: 'run'; run: string; params: URLSearchParams }
  | { page: 'waveform'; run: string; params: URLSearchParams }
  | { page: 'rows'; run: string; params: URLSearchParams }
  | { page: 'event'; run: string; event: number; params: URLSearchParams }
  | { page: 'analysis'; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = (q < 0 ? text : text.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  if (path[0] === 'analysis') return { page: 'analysis', params };
  if (path[0] === 'run' && path[1] !== undefined) {
    if (path[2] === 'waveform' || path[2] === 'rows') return { page: path[2], run: path[1], params };
    if (path[2] === 'event' && /^\d{1,15}$/.test(path[3] ?? '')) {
      return { page: 'event', run: path[1], event: Number(path[3]), params };
    }
    return { page: 'run', run: path[1], params };
  }
  return { page: 'runs', params };
}

export function routeHash(route: Route): string {
  const query = route.params.toString();
  const path =
    route.page === 'runs' || route.page === 'analysis'
      ? route.page
      : `run/${encodeURIComponent(route.run)}${route.page === 'run' ? '' : `/${route.page}`}${route.page === 'event' ? `/${route.event}` : ''}`;
  return `#/${path}${query ? `?${query}` : ''}`;
}

/** The hash for `route` with some parameters replaced (undefined removes one). */
export function withParams(route: Route, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(route.params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  }
  return routeHash({ ...route, params });
}
