import type { App } from '../app';

/** Every method and path the router holds, from its own listing (hidden routes included). */
export function registeredRoutes(app: App): Array<{ method: string; path: string }> {
  const stack: string[] = [];
  const routes: Array<{ method: string; path: string }> = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = [...(match[1] ?? '')].length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('');
    // The built web app's files and the API explorer's own assets are static files, not input handlers.
    if (/\.[a-z0-9]+$/i.test(path) || path.startsWith('/docs/static/')) continue;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, path });
    }
  }
  return routes;
}
