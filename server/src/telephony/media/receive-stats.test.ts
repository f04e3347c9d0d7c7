import { describe, expect, it } from 'vitest';
import { ReceiveStats } from './receive-stats.ts';

describe('ReceiveStats (RFC 3550 A.1, A.3, A.8)', () => {
  it('counts 2 lost of 10 expected from sequence numbers, across the 16-bit wrap', () => {
    const stats = new ReceiveStats();
    for (const seq of [65532, 65533, 65535, 0, 1, 3, 4, 5]) stats.update(9, seq, null, 0, 160);
    expect(stats.expected).toBe(10);
    expect(stats.lost).toBe(2);
    expect(stats.lossPct).toBe(20);
    expect(stats.extendedMax).toBe(65536 + 5);
  });

  it('gives zero jitter for perfectly paced packets and ~ the A.8 value for alternating ±5 ms', () => {
    const paced = new ReceiveStats();
    for (let i = 0; i < 100; i++) paced.update(1, i, i * 160, i * 20, 160);
    expect(paced.jitterMs).toBeCloseTo(0, 9);
    const jittery = new ReceiveStats();
    for (let i = 0; i < 500; i++) jittery.update(1, i, i * 160, i * 20 + (i % 2 ? 5 : 0), 160);
    // |D| = 5 ms every packet, so J converges to 5 ms.
    expect(jittery.jitterMs).toBeCloseTo(5, 3);
  });

  it('builds a report block with the fraction lost since the last report (A.3)', () => {
    const stats = new ReceiveStats();
    for (let seq = 0; seq < 100; seq++)
      if (seq % 10 !== 5) stats.update(7, seq, seq * 160, seq * 20, 160);
    const first = stats.reportBlock(0x1234, 99)!;
    expect(first).toMatchObject({
      ssrc: 7,
      cumulativeLost: 10,
      highestSequence: 99,
      lastSr: 0x1234,
      delaySinceLastSr: 99,
    });
    expect(first.fractionLost).toBe(Math.floor((10 * 256) / 100));
    for (let seq = 100; seq < 150; seq++) stats.update(7, seq, seq * 160, seq * 20, 160);
    expect(stats.reportBlock(0, 0)).toMatchObject({ fractionLost: 0, cumulativeLost: 10 });
  });

  it('restarts on a new SSRC and only after two packets confirm a big sequence jump', () => {
    const stats = new ReceiveStats();
    for (let seq = 0; seq < 10; seq++) stats.update(1, seq, null, 0, 160);
    stats.update(1, 30000, null, 0, 160); // one stray packet: ignored for loss
    expect(stats.lost).toBe(0);
    stats.update(1, 30001, null, 0, 160); // confirmed: the source restarted
    expect(stats.expected).toBe(1);
    stats.update(2, 500, null, 0, 160);
    expect(stats.ssrc).toBe(2);
    expect(stats.expected).toBe(1);
    expect(stats.packets).toBe(13);
  });

  it('does not report negative loss when duplicates arrive', () => {
    const stats = new ReceiveStats();
    for (const seq of [1, 2, 2, 3, 3]) stats.update(1, seq, null, 0, 160);
    expect(stats.lost).toBe(-2);
    expect(stats.lossPct).toBe(0);
  });
});
