// The global error boundary's state. Details hold the error's name, message, where it came
// from and the app version, never data values: messages from our own code never embed cell
// contents, and stack frames hold file names and line numbers only.
export interface AppErrorInfo {
  name: string;
  message: string;
  source: 'render' | 'error' | 'unhandledrejection';
  stack: string;
  at: string;
}

const MAX_STACK_LINES = 12;

export function describeError(err: unknown, source: AppErrorInfo['source']): AppErrorInfo {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'Unknown error');
  return {
    name: e.name,
    message: e.message.slice(0, 500),
    source,
    // Keep only frame locations: "at fn (file:line:col)".
    stack: (e.stack ?? '')
      .split('\n')
      .filter((l) => /^\s*at\s|@/.test(l))
      .slice(0, MAX_STACK_LINES)
      .join('\n'),
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
    at: new Date().toISOString(),
  };
}

export function errorDetails(info: AppErrorInfo): string {
  return [
    `Portrait ${__APP_VERSION__}`,
    `${info.source}: ${info.name}: ${info.message}`,
    `at ${info.at}`,
    `user agent: ${navigator.userAgent}`,
    info.stack,
  ].join('\n');
}

class ErrorManager {
  current = $state<AppErrorInfo | null>(null);

  report = (err: unknown, source: AppErrorInfo['source']) => {
    this.current = describeError(err, source);
  };

  clear = () => {
    this.current = null;
  };
}

export const errorManager = new ErrorManager();
