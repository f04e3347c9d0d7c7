// Ring-back tone for the agent while the callee's phone rings: the Chinese ring-back cadence
// (450 Hz, 1 s on, 4 s off; YD/T 1107), 8 kHz PCM, looped by the media engine.
let cached: Int16Array | undefined;

export function ringbackTone(): Int16Array {
  if (cached) return cached;
  const rate = 8000;
  const on = rate;
  const out = new Int16Array(rate * 5);
  for (let i = 0; i < on; i++) {
    const envelope = Math.min(1, i / 80, (on - i) / 80);
    out[i] = Math.round(4000 * envelope * Math.sin((2 * Math.PI * 450 * i) / rate));
  }
  cached = out;
  return out;
}
