// Simple sample-rate conversion for prompts, done once at load (never per packet).
// Downsampling averages the input samples falling in each output period (a box filter, which
// is enough to keep gross aliasing out of speech prompts); upsampling interpolates linearly.

export function mixToMono(interleaved: Int16Array, channels: number): Int16Array {
  if (channels <= 1) return interleaved;
  const frames = Math.floor(interleaved.length / channels);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[f * channels + c]!;
    out[f] = Math.round(sum / channels);
  }
  return out;
}

export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || input.length === 0) return input;
  const ratio = fromRate / toRate;
  const outLength = Math.floor(input.length / ratio);
  const out = new Int16Array(outLength);
  if (ratio > 1) {
    for (let i = 0; i < outLength; i++) {
      const start = i * ratio;
      const end = Math.min(input.length, start + ratio);
      let sum = 0;
      let weight = 0;
      // Fractional weights at both ends keep non-integer ratios (44.1 kHz) unbiased.
      for (let j = Math.floor(start); j < end; j++) {
        const w = Math.min(j + 1, end) - Math.max(j, start);
        sum += input[j]! * w;
        weight += w;
      }
      out[i] = Math.round(sum / weight);
    }
    return out;
  }
  for (let i = 0; i < outLength; i++) {
    const position = i * ratio;
    const j = Math.floor(position);
    const frac = position - j;
    const a = input[j]!;
    const b = input[Math.min(j + 1, input.length - 1)]!;
    out[i] = Math.round(a + (b - a) * frac);
  }
  return out;
}
