// Music on hold without a file: a soft, slow arpeggio (8 kHz PCM), looped by the media engine.
let cached: Int16Array | undefined;

export function holdMusic(): Int16Array {
  if (cached) return cached;
  const rate = 8000;
  const notes = [523.25, 659.25, 783.99, 659.25]; // C5 E5 G5 E5
  const noteMs = 500;
  const perNote = (rate * noteMs) / 1000;
  const out = new Int16Array(perNote * notes.length);
  notes.forEach((hz, n) => {
    for (let i = 0; i < perNote; i++) {
      const envelope = Math.min(1, i / 200, (perNote - i) / 400);
      out[n * perNote + i] = Math.round(3000 * envelope * Math.sin((2 * Math.PI * hz * i) / rate));
    }
  });
  cached = out;
  return out;
}
