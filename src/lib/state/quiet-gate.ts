/**
 * Opens once, after the app has been quiet for `ms` without a break: `update(isQuiet)` is told
 * each change; a busy moment restarts the wait; after `open` ran, nothing more happens.
 */
export function createQuietGate(ms: number, open: () => void) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let isOpen = false;
  return {
    update(isQuiet: boolean): void {
      if (isOpen) {
        return;
      }
      if (!isQuiet) {
        if (timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
        return;
      }
      timer ??= setTimeout(() => {
        timer = null;
        isOpen = true;
        open();
      }, ms);
    },
    get isOpen(): boolean {
      return isOpen;
    },
    dispose(): void {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
    },
  };
}
