import { describe, expect, it } from 'vitest';
import { MediaClock, type ClockScheduler } from './media-clock.ts';

/** A scheduler whose timers fire `lateness` ms after they were due, run by hand. */
function lateScheduler(lateness: number) {
  let now = 0;
  let pending: { at: number; callback: () => void } | null = null;
  const delays: number[] = [];
  const scheduler: ClockScheduler = {
    now: () => now,
    setTimeout: (callback, delayMs) => {
      delays.push(delayMs);
      pending = { at: now + delayMs + lateness, callback };
      return pending;
    },
    clearTimeout: () => {
      pending = null;
    },
  };
  const runFor = (ms: number): void => {
    const end = now + ms;
    while (pending && pending.at <= end) {
      const { at, callback } = pending;
      pending = null;
      now = Math.max(now, at);
      callback();
    }
    now = end;
  };
  const stall = (ms: number): void => {
    now += ms;
  };
  return { scheduler, runFor, stall, delays, active: () => pending !== null };
}

describe('MediaClock', () => {
  it('fires 50 ticks in 1,003 ms when every timer fires 3 ms late (no drift)', () => {
    const fake = lateScheduler(3);
    const clock = new MediaClock(fake.scheduler);
    const ticks: number[] = [];
    clock.subscribe((tick) => ticks.push(tick));
    fake.runFor(1003);
    expect(ticks).toHaveLength(50);
    expect(ticks.at(-1)).toBe(50);
    // After the first late timer every delay is shortened to 17 ms to hit the ideal deadline.
    expect(fake.delays.slice(1, 5)).toEqual([17, 17, 17, 17]);
  });

  it('drives every subscriber from one timer and stops when the last one leaves', () => {
    const fake = lateScheduler(0);
    const clock = new MediaClock(fake.scheduler);
    let a = 0;
    let b = 0;
    const offA = clock.subscribe(() => a++);
    clock.subscribe(() => b++);
    fake.runFor(200);
    expect([a, b]).toEqual([10, 10]);
    expect(fake.delays).toHaveLength(11); // one timer chain, not two
    offA();
    fake.runFor(100);
    expect([a, b]).toEqual([10, 15]);
    expect(clock.subscribers).toBe(1);
  });

  it('catches up at most 5 ticks after an event-loop stall and counts the rest as skipped', () => {
    const fake = lateScheduler(0);
    const clock = new MediaClock(fake.scheduler);
    const ticks: number[] = [];
    const off = clock.subscribe((tick) => ticks.push(tick));
    fake.runFor(40);
    expect(ticks).toEqual([1, 2]);
    fake.stall(200); // 10 ticks overdue
    fake.runFor(0);
    expect(ticks.length).toBe(2 + 5);
    expect(clock.skipped).toBe(5);
    expect(ticks.at(-1)).toBe(12);
    off();
    expect(fake.active()).toBe(false);
  });

  it('keeps ticking for the others when one listener throws', () => {
    const fake = lateScheduler(0);
    const clock = new MediaClock(fake.scheduler);
    let ok = 0;
    const warn = process.emitWarning;
    process.emitWarning = () => undefined;
    clock.subscribe(() => {
      throw new Error('boom');
    });
    clock.subscribe(() => ok++);
    fake.runFor(60);
    process.emitWarning = warn;
    expect(ok).toBe(3);
  });
});
