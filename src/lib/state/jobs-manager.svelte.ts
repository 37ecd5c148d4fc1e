// Tracks running jobs (import, analysis, export) so `<main aria-busy>` is true while any
// runs, and the last failure for the `role="alert"` region (DESIGN.md, stable names).
export type JobKind = 'import' | 'analysis' | 'export' | 'sample';

export interface JobFailure {
  kind: JobKind;
  message: string;
}

class JobsManager {
  running = $state<JobKind[]>([]);
  failure = $state<JobFailure | null>(null);
  isBusy = $derived(this.running.length > 0);

  /** Runs `work` as a job; a thrown error becomes the visible failure and is rethrown. */
  run = async <T>(kind: JobKind, work: () => Promise<T>): Promise<T> => {
    this.running = [...this.running, kind];
    this.failure = null;
    try {
      return await work();
    } catch (err) {
      this.failure = { kind, message: err instanceof Error ? err.message : String(err) };
      throw err;
    } finally {
      const i = this.running.indexOf(kind);
      this.running = this.running.filter((_, j) => j !== i);
    }
  };

  dismissFailure = () => {
    this.failure = null;
  };
}

export const jobs = new JobsManager();
