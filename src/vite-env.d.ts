/// <reference types="svelte" />
/// <reference types="vite/client" />

declare const __APP_VERSION__: string;

// File Handling API (installed PWA opened with a file): not yet in lib.dom.
interface LaunchParams {
  readonly files: readonly FileSystemFileHandle[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}
interface Window {
  readonly launchQueue?: LaunchQueue;
}
