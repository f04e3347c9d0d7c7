import { createPacingPolicy, type PacingPolicyName } from '../pacing/index.ts';
import { runSimulation, type SimulationOptions } from './simulator.ts';

export interface PacingRun {
  policy: PacingPolicyName;
  agents: number;
  hours: number;
  occupancy: number;
  abandonRate: number;
  dialed: number;
  answered: number;
  connected: number;
}

export interface PacingBenchmark {
  runs: PacingRun[];
}

/** Both policies, fresh, over the same seed and call statistics: the `yunhu bench pacing` body. */
export function runPacingBenchmark(
  options: Pick<SimulationOptions, 'agents' | 'hours' | 'seed' | 'stats'>,
): PacingBenchmark {
  const policies: PacingPolicyName[] = ['yunhu', 'baseline'];
  return {
    runs: policies.map((policy) => {
      const r = runSimulation(createPacingPolicy(policy), options);
      return {
        policy,
        agents: r.agents,
        hours: r.hours,
        occupancy: r.occupancy,
        abandonRate: r.abandonRate,
        dialed: r.dialed,
        answered: r.answered,
        connected: r.connected,
      };
    }),
  };
}
