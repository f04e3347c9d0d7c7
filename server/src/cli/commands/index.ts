import type { Command } from 'commander';
import { registerBench } from './bench.ts';
import { registerConfig } from './config.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerImport } from './import.ts';
import { registerPlan } from './plan.ts';
import { registerServe } from './serve.ts';
import { registerSimulate } from './simulate.ts';
import { registerUser } from './user.ts';

// One line per sub-command; each file owns its options and output.
export function registerCommands(program: Command): void {
  registerServe(program);
  registerBench(program);
  registerConfig(program);
  registerEvaluate(program);
  registerImport(program);
  registerPlan(program);
  registerSimulate(program);
  registerUser(program);
}
