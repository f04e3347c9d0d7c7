// Audio helpers of the media engine: G.711, WAV in and out, rate conversion.
export * from './g711.ts';
export * from './wav.ts';
export * from './resample.ts';
export * from './wav-writer.ts';
export { rms, tone } from './signal.ts';
