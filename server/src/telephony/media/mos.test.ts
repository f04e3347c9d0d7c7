import { describe, expect, it } from 'vitest';
import { estimateMos, estimateR, isClear, rToMos } from './mos.ts';

describe('estimateMos (G.107 simplified for G.711)', () => {
  it('gives R = 93.2 and MOS 4.41 on a perfect network', () => {
    expect(estimateR({ lossPct: 0, jitterMs: 0, rttMs: 0 })).toBeCloseTo(93.2, 9);
    expect(estimateMos({ lossPct: 0, jitterMs: 0, rttMs: 0 })).toBeCloseTo(4.409, 3);
  });

  it('counts the jitter buffer as 2 × jitter of one-way delay: 40 ms RTT + 10 ms jitter = 40 ms', () => {
    const r = estimateR({ lossPct: 0, jitterMs: 10, rttMs: 40 });
    expect(93.2 - r).toBeCloseTo(0.024 * 40, 9);
  });

  it('applies Ie_eff = 95·Ppl/(Ppl+25.1): 5 % loss costs 15.78 R points', () => {
    const r0 = estimateR({ lossPct: 0, jitterMs: 0, rttMs: null });
    const r5 = estimateR({ lossPct: 5, jitterMs: 0, rttMs: null });
    expect(r0 - r5).toBeCloseTo((95 * 5) / 30.1, 5);
  });

  it('adds the extra delay penalty past 177.3 ms one way', () => {
    const below = estimateR({ lossPct: 0, jitterMs: 0, rttMs: 300 });
    const above = estimateR({ lossPct: 0, jitterMs: 0, rttMs: 500 });
    // 150 → 250 ms one way: 0.024·100 plus 0.11 × (250 − 177.3)
    expect(below - above).toBeCloseTo(2.4 + 0.11 * (250 - 177.3), 5);
  });

  it('marks 10 % loss as not clear and 1 % loss with 30 ms jitter as clear', () => {
    expect(isClear(estimateMos({ lossPct: 10, jitterMs: 5, rttMs: 40 }))).toBe(false);
    expect(isClear(estimateMos({ lossPct: 1, jitterMs: 30, rttMs: 100 }))).toBe(true);
  });

  it('clamps R to the MOS scale ends', () => {
    expect(rToMos(-5)).toBe(1);
    expect(rToMos(120)).toBe(4.5);
    expect(estimateMos({ lossPct: 100, jitterMs: 500, rttMs: 2000 })).toBe(1);
  });
});
