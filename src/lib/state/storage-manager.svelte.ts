// The storage badge: is our origin's storage persisted, and how much of the quota is used.
import { intlWarm } from '../bridges/intl-warmup';

class StorageManagerState {
  isSupported = typeof navigator !== 'undefined' && 'storage' in navigator;
  isPersisted = $state<boolean | null>(null);
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);

  refresh = async () => {
    if (!this.isSupported) {
      return;
    }
    try {
      const [persisted, estimate] = await Promise.all([
        navigator.storage.persisted?.() ?? Promise.resolve(false),
        navigator.storage.estimate?.() ?? Promise.resolve({} as StorageEstimate),
        // The badge formats the size: the page's first number, a long task before this.
        intlWarm(),
      ]);
      this.isPersisted = persisted;
      this.usage = estimate.usage ?? null;
      this.quota = estimate.quota ?? null;
    } catch {
      this.isPersisted = null;
    }
  };

  /** Asked on the first import (DESIGN.md, Storage). */
  requestPersist = async (): Promise<boolean> => {
    if (!this.isSupported || !navigator.storage.persist) {
      return false;
    }
    const granted = await navigator.storage.persist();
    await this.refresh();
    return granted;
  };
}

export const storageState = new StorageManagerState();
