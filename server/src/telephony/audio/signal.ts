// Small signal helpers shared by the engine (tones for DTMF-less feedback) and the tests.

/** Root mean square of 16-bit samples. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** A sine tone at 8 kHz (amplitude in 16-bit units). */
export function tone(
  frequency: number,
  durationMs: number,
  amplitude = 8000,
  rate = 8000,
): Int16Array {
  const count = Math.round((durationMs / 1000) * rate);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
  return out;
}
