// Hash routing: works from any static host and offline, and keeps `?lang=` untouched.
export const ROUTES = [
  'import',
  'quality',
  'segments',
  'tags',
  'personas',
  'reports',
  'privacy',
] as const;
export type Route = (typeof ROUTES)[number];

function parse(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'import';
}

class Router {
  route = $state<Route>(parse(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parse(location.hash);
    });
  }

  href = (route: Route): string => `#/${route}`;

  go = (route: Route) => {
    location.hash = `#/${route}`;
  };
}

export const router = new Router();
