// Tone detection for media tests that check who hears which tone.

/** Amplitude of `hz` in `pcm` (Goertzel, 8 kHz): ≈ the tone's amplitude when present. */
export function level(pcm: Int16Array, hz: number): number {
  const k = (2 * Math.PI * hz) / 8000;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (const x of pcm) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / pcm.length;
}
