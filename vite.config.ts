import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { CSP_META } from './scripts/csp.mjs';

/** The CSP meta tag is added to the production build only: Vite's dev server injects styles. */
function cspMeta(): Plugin {
  return {
    name: 'portrait-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    svelte(),
    cspMeta(),
    VitePWA({
      registerType: 'prompt',
      // We register the worker ourselves (virtual:pwa-register/svelte): no inline script.
      injectRegister: null,
      includeAssets: ['icons/*.svg', 'icons/*.png', 'robots.txt'],
      manifest: {
        id: '/',
        name: 'Portrait 画像 — customer personas',
        short_name: 'Portrait',
        description:
          '客户画像工作台：在浏览器本地清洗、化名、分群并生成用户画像，数据不离开设备。 A customer-persona workbench that runs entirely in your browser; no data leaves the device.',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1d4e89',
        background_color: '#ffffff',
        categories: ['business', 'productivity'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
        file_handlers: [
          {
            action: '/',
            accept: {
              'text/csv': ['.csv'],
              'text/tab-separated-values': ['.tsv'],
              'text/plain': ['.txt'],
            },
          },
        ],
        launch_handler: { client_mode: 'focus-existing' },
      },
      workbox: {
        // Every asset, the sample data included, so the app and "Try sample data" work offline.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,txt,gz}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: false },
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/component/**/*.svelte.test.ts',
    ],
    environment: 'node',
    globals: true,
    testTimeout: 20_000,
  },
});
