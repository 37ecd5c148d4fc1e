// The analysis: runs by itself after an import (default settings), re-runs when a setting
// changes (cancelling the run in progress), and reloads the stored result at once.
import { analyzeBridge } from '../bridges/analyze-bridge';
import { AbortError } from '../bridges/worker-bridge';
import type { AnalysisProgress, AnalysisSettings } from '../domain/analysis/analyze';
import type { AnalysisRun } from '../../../workers/api-types';
import { jobs } from './jobs-manager.svelte';
import type { LifecycleThresholds } from '../domain/lifecycle/lifecycle';

class AnalysisManager {
  run = $state.raw<AnalysisRun | null>(null);
  progress = $state<AnalysisProgress | null>(null);
  isRunning = $state(false);
  isLoaded = $state(false);
  settings = $state<AnalysisSettings>({});
  private controller: AbortController | null = null;

  load = async () => {
    if (this.isLoaded) {
      return;
    }
    try {
      this.run = await analyzeBridge.latest();
      if (this.run) {
        this.settings = { ...this.run.settings };
      }
    } finally {
      this.isLoaded = true;
    }
    if (this.run?.isStale) {
      void this.start();
    }
  };

  /** Reloads the stored run after the data changed underneath (restore, erasure). */
  reload = async () => {
    this.isLoaded = false;
    this.run = null;
    await this.load();
  };

  /** Runs with the current settings; a run in progress is cancelled first. */
  start = async () => {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.isRunning = true;
    this.progress = { phase: 'unify' };
    try {
      const run = await jobs.run('analysis', () =>
        analyzeBridge.run(
          $state.snapshot(this.settings) as AnalysisSettings,
          (p) => {
            if (this.controller === controller) {
              this.progress = p;
            }
          },
          controller.signal,
        ),
      );
      if (this.controller === controller) {
        this.run = run;
      }
    } catch (err) {
      if (!(err instanceof AbortError)) {
        throw err;
      }
    } finally {
      if (this.controller === controller) {
        this.isRunning = false;
        this.progress = null;
        this.controller = null;
      }
    }
  };

  cancel = () => {
    this.controller?.abort();
  };

  setK = (k: number | null) => {
    this.settings = { ...this.settings, k };
    void this.start().catch(() => undefined);
  };

  setThresholds = (thresholds: LifecycleThresholds) => {
    this.settings = { ...this.settings, thresholds };
    void this.start().catch(() => undefined);
  };

  setFeatures = (features: string[]) => {
    this.settings = { ...this.settings, features };
    void this.start().catch(() => undefined);
  };

  setAnalysisDate = (ms: number | null) => {
    this.settings = { ...this.settings, analysisDate: ms };
    void this.start().catch(() => undefined);
  };
}

export const analysisManager = new AnalysisManager();
