export {
  BANK_ANSWER_PROBABILITY,
  BANK_TALK_LOGNORMAL,
  BANK_TALK_MEAN_SECONDS,
  BANK_TALK_PERCENTILES,
} from './bank-durations.ts';
export {
  DEFAULT_CALL_STATISTICS,
  callFate,
  type CallFate,
  type CallStatistics,
} from './call-statistics.ts';
export { createRng, fromPercentiles, logNormal, normal, type Rng } from './rng.ts';
export { EventQueue } from './event-queue.ts';
export { runSimulation, type SimulationOptions, type SimulationResult } from './simulator.ts';
export { runPacingBenchmark, type PacingBenchmark, type PacingRun } from './benchmark.ts';
