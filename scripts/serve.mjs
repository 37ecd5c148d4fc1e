#!/usr/bin/env node
// Serves the production build (dist/) on localhost with Portrait's security headers.
// Usage: node scripts/serve.mjs [--port N] [--host H] [--dir dist]
// No dependencies: a small static server is all the app needs, and it keeps the CSP in one
// place (scripts/csp.mjs) for the server, the meta tag and the README.
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './csp.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  // Sample data is served as gzip *bytes* (no Content-Encoding): the app decompresses it.
  '.gz': 'application/gzip',
  '.wasm': 'application/wasm',
};

export function createServer(dir) {
  const root = path.resolve(dir);
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    let stat = safeStat(file);
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = safeStat(file);
    }
    if (!stat) {
      // Unknown paths without an extension are app routes: serve the shell.
      if (path.extname(rel) === '') {
        file = path.join(root, 'index.html');
        stat = safeStat(file);
      }
      if (!stat) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        res.end('Not found');
        return;
      }
    }
    const ext = path.extname(file);
    const isHashed = rel.startsWith('/assets/');
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      // Hashed assets never change; the shell, manifest and service worker must revalidate.
      'Cache-Control': isHashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
}

function safeStat(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** Listens on the first free port from `port` upwards; resolves with the URL. */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const tryPort = (p, left) => {
      server.once('error', (err) => {
        if (err.code === 'EADDRINUSE' && left > 0) {
          tryPort(p + 1, left - 1);
        } else {
          reject(err);
        }
      });
      server.listen(p, host, () => {
        const addr = server.address();
        resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${addr.port}/`);
      });
    };
    tryPort(port, 20);
  });
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = arg('dir', path.join(here, '..', 'dist'));
  const port = Number(arg('port', process.env.PORT ?? 4173));
  const host = arg('host', '127.0.0.1');
  const server = createServer(dir);
  const url = await listen(server, port, host);
  process.stdout.write(`Portrait is running at ${url}  (Ctrl+C to stop)\n`);
}
