// Serves dist/ (the production build; E2E_DIST names another build folder) with the production
// headers for the e2e tests.
import type { TestProject } from 'vitest/node';
import path from 'node:path';
import { createServer, listen } from '../../scripts/serve.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  const server = createServer(path.resolve(process.env.E2E_DIST ?? 'dist'));
  const url = await listen(server, 4300 + Math.floor(Math.random() * 500), '127.0.0.1');
  project.provide('baseURL', url);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
