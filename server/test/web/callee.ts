import { freePort, run, SCENARIOS, type RunResult } from '../sip/harness.ts';

// A callee behind the outbound trunk: sipp as UAS on a loopback port for one call, by default
// rings at once, answers after 1 s, talks g711a.pcap, hangs up. `cwd` must hold the pcap/ link.
export async function sippCallee(
  port: number,
  cwd: string,
  timeoutMs: number,
  scenario = 'uas-ring-answer-talk-hang-up.xml',
): Promise<RunResult> {
  return run(
    'sipp',
    [
      '-sf',
      `${SCENARIOS}../../web/scenarios/${scenario}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '-mp',
      String(await freePort()),
      '-m',
      '1',
      '-nostdin',
      '-timeout',
      `${Math.round(timeoutMs / 1000) - 2}s`,
      '-timeout_error',
    ],
    timeoutMs,
    cwd,
  );
}
