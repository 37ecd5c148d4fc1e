import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQuietGate } from '../../../src/lib/state/quiet-gate';

describe('createQuietGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens once the app has been quiet for the whole wait', () => {
    const open = vi.fn();
    const gate = createQuietGate(2000, open);
    gate.update(true);
    vi.advanceTimersByTime(1999);
    expect(open).not.toHaveBeenCalled();
    gate.update(true); // still quiet: the wait goes on, not restarted
    vi.advanceTimersByTime(1);
    expect(open).toHaveBeenCalledTimes(1);
    expect(gate.isOpen).toBe(true);
  });

  it('waits again from the start after a busy moment (a file dropped, an import)', () => {
    const open = vi.fn();
    const gate = createQuietGate(2000, open);
    gate.update(true);
    vi.advanceTimersByTime(1500);
    gate.update(false);
    vi.advanceTimersByTime(10_000);
    expect(open).not.toHaveBeenCalled();
    gate.update(true);
    vi.advanceTimersByTime(1999);
    expect(open).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('stays open: later busy and quiet moments change nothing', () => {
    const open = vi.fn();
    const gate = createQuietGate(100, open);
    gate.update(true);
    vi.advanceTimersByTime(100);
    gate.update(false);
    gate.update(true);
    vi.advanceTimersByTime(1000);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('never opens when disposed first, nor while busy', () => {
    const open = vi.fn();
    const gate = createQuietGate(100, open);
    gate.update(false);
    vi.advanceTimersByTime(1000);
    gate.update(true);
    gate.dispose();
    vi.advanceTimersByTime(1000);
    expect(open).not.toHaveBeenCalled();
    expect(gate.isOpen).toBe(false);
  });
});
