import { describe, expect, it } from 'vitest';
import { serializeTelephoneEvent } from '../rtp/index.ts';
import { DtmfDetector } from './dtmf-detector.ts';

const payload = (event: number, end: boolean, duration: number): Buffer =>
  serializeTelephoneEvent({ event, end, volume: 10, duration });

describe('DtmfDetector (RFC 4733 §2.5)', () => {
  it('reports a digit once at its first end packet and swallows the two repeats', () => {
    const detector = new DtmfDetector();
    const got = [
      ...detector.push(1, 1000, payload(5, false, 160), 0),
      ...detector.push(1, 1000, payload(5, false, 320), 20),
      ...detector.push(1, 1000, payload(5, true, 480), 40),
      ...detector.push(1, 1000, payload(5, true, 480), 60),
      ...detector.push(1, 1000, payload(5, true, 480), 80),
    ];
    expect(got).toEqual([{ digit: '5', durationMs: 60, startedAt: 0 }]);
  });

  it('reports a digit whose end packets were all lost when the next event starts', () => {
    const detector = new DtmfDetector();
    expect(detector.push(1, 1000, payload(1, false, 800), 0)).toEqual([]);
    const got = detector.push(1, 3000, payload(2, true, 400), 300);
    expect(got.map((d) => d.digit)).toEqual(['1', '2']);
  });

  it('reports a digit with no end packet after 1 s of silence (poll)', () => {
    const detector = new DtmfDetector();
    detector.push(1, 1000, payload(11, false, 320), 0);
    expect(detector.poll(500)).toBeNull();
    expect(detector.poll(1000)).toMatchObject({ digit: '#', durationMs: 40 });
    expect(detector.poll(3000)).toBeNull();
  });

  it('reports the same digit pressed twice (different timestamps) twice', () => {
    const detector = new DtmfDetector();
    const got = [
      ...detector.push(1, 1000, payload(7, true, 800), 0),
      ...detector.push(1, 1000, payload(7, true, 800), 20),
      ...detector.push(1, 3000, payload(7, true, 800), 400),
    ];
    expect(got.map((d) => d.digit)).toEqual(['7', '7']);
  });

  it('accepts a replay of the same capture after the duplicate window (sipp reuses timestamps)', () => {
    const detector = new DtmfDetector();
    expect(detector.push(1, 1000, payload(4, true, 800), 0)).toHaveLength(1);
    expect(detector.push(1, 1000, payload(4, true, 800), 100)).toHaveLength(0);
    expect(detector.push(1, 1000, payload(4, true, 800), 2000)).toHaveLength(1);
  });

  it('ignores non-DTMF events (flash 16) and short payloads', () => {
    const detector = new DtmfDetector();
    expect(detector.push(1, 1, payload(16, true, 800), 0)).toEqual([]);
    expect(detector.push(1, 2, Buffer.from([1, 2]), 0)).toEqual([]);
  });
});
