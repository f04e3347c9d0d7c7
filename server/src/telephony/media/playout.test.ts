import { describe, expect, it } from 'vitest';
import { parseTelephoneEvent } from '../rtp/index.ts';
import { Playout, type PlayoutIntent } from './playout.ts';

function drain(playout: Playout, max = 1000): PlayoutIntent[] {
  const out: PlayoutIntent[] = [];
  for (let i = 0; i < max; i++) {
    const intent = playout.next();
    if (!intent) break;
    out.push(intent.kind === 'audio' ? { ...intent, samples: intent.samples.slice() } : intent);
  }
  return out;
}

describe('Playout', () => {
  it('cuts 370 samples into 3 frames of 160, zero-padding the last, and resolves "done"', async () => {
    const playout = new Playout();
    const pcm = Int16Array.from({ length: 370 }, (_, i) => i + 1);
    const done = playout.play(pcm, false);
    const frames = drain(playout);
    expect(frames.map((f) => f.kind)).toEqual(['audio', 'audio', 'audio']);
    const last = frames[2] as Extract<PlayoutIntent, { kind: 'audio' }>;
    expect(last.samples[49]).toBe(370);
    expect(last.samples[50]).toBe(0);
    expect(frames.map((f) => f.kind === 'audio' && f.marker)).toEqual([true, false, false]);
    expect(await done).toBe('done');
  });

  it('loops until stopped, then resolves "stopped"', async () => {
    const playout = new Playout();
    const done = playout.play(new Int16Array(100).fill(1), true);
    expect(drain(playout, 10)).toHaveLength(10);
    playout.stop();
    expect(playout.next()).toBeNull();
    expect(await done).toBe('stopped');
  });

  it('a new prompt replaces the playing one, which resolves "stopped"', async () => {
    const playout = new Playout();
    const first = playout.play(new Int16Array(1600), false);
    playout.next();
    const second = playout.play(new Int16Array(160), false);
    expect(await first).toBe('stopped');
    drain(playout);
    expect(await second).toBe('done');
  });

  it('sends a 100 ms digit as 5 updates + 2 end repeats, then pauses 60 ms, pausing the prompt', async () => {
    const playout = new Playout();
    void playout.play(new Int16Array(160 * 3).fill(9), false);
    expect(playout.next()?.kind).toBe('audio');
    const sent = playout.sendDigits('9', 100);
    const intents = drain(playout);
    const events = intents.filter((i) => i.kind === 'event');
    expect(events).toHaveLength(7);
    const decoded = events.map((e) => parseTelephoneEvent(e.payload)!);
    expect(decoded.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(decoded.map((e) => e.end)).toEqual([false, false, false, false, true, true, true]);
    expect(events.map((e) => e.marker)).toEqual([true, false, false, false, false, false, false]);
    // pause ticks, then the rest of the prompt (2 frames) with a new talkspurt marker
    expect(intents.slice(7).map((i) => i.kind)).toEqual([
      'pause',
      'pause',
      'pause',
      'audio',
      'audio',
    ]);
    await sent;
  });

  it('skips characters that are not DTMF and resolves at once for an empty string', async () => {
    const playout = new Playout();
    await playout.sendDigits('xyz', 100);
    void playout.sendDigits('1x2', 40);
    const codes = drain(playout)
      .filter((i) => i.kind === 'event')
      .map((e) => parseTelephoneEvent(e.payload)!.event);
    expect([...new Set(codes)]).toEqual([1, 2]);
  });
});
