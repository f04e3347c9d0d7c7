// The IVR runner: a flow runs as a queue of verb tasks. Each task executes one node's verb
// (verbs/<verb>.ts) and either queues the next node or ends the IVR with an outcome. The runner
// also measures the IVR response time: digit received → the next prompt handed to the media
// engine (the telephony API exposes no first-packet time; see docs/ivr.md).
import type { IvrFlow } from './flow.schema.ts';
import { promptPath } from './prompts.ts';
import type {
  IvrCall,
  IvrCallEvent,
  IvrOutcome,
  IvrResponseSample,
  IvrRunOptions,
  IvrRunResult,
  VerbContext,
} from './ivr.types.ts';
import { runVerb } from './verbs/index.ts';

const DEFAULT_MAX_STEPS = 200;

export async function runIvr(
  call: IvrCall,
  flow: IvrFlow,
  options: IvrRunOptions = {},
): Promise<IvrRunResult> {
  const now = options.now ?? Date.now;
  const entryAt = now();
  const vars: Record<string, string> = { ...options.vars };
  const responses: IvrResponseSample[] = [];
  const path: string[] = [];
  let digits = '';
  let lastDigitAt: number | null = null;
  /** A digit that ended a collection and still waits for the next prompt. */
  let pending: { at: number; node: string } | null = null;
  let survey: IvrRunResult['survey'] = null;
  let ended = call.state === 'ended';
  let nodeId = flow.start;
  let bargeIn = false;

  const off = call.on((event: IvrCallEvent) => {
    if (event.type === 'dtmf' && event.digit) {
      digits += event.digit;
      lastDigitAt = event.at;
      if (bargeIn) call.stopPlayback();
    } else if (event.type === 'state' && event.state === 'ended') {
      ended = true;
    }
  });
  const isEnded = () => ended || call.state === 'ended';

  const resolve = (prompt: string): string => {
    if (prompt.startsWith('/')) return prompt;
    if (options.resolvePrompt) return options.resolvePrompt(prompt, flow.language);
    if (!options.promptDir) throw new Error(`no prompt directory for prompt "${prompt}"`);
    return promptPath(options.promptDir, flow.language, prompt);
  };

  const play = async (prompt: string): Promise<'done' | 'stopped'> => {
    if (isEnded()) return 'stopped';
    const file = resolve(prompt);
    const promptAt = now();
    if (pending) {
      responses.push({
        digitAt: pending.at,
        promptAt,
        ms: Math.max(0, promptAt - pending.at),
        fromNode: pending.node,
        toNode: nodeId,
      });
      pending = null;
    }
    return call.play(file);
  };

  const ctx: VerbContext = {
    call,
    flow,
    get nodeId() {
      return nodeId;
    },
    vars,
    options,
    now,
    play,
    async playAndCollect(prompt, collect) {
      if (prompt) {
        bargeIn = true;
        try {
          await play(prompt);
        } finally {
          bargeIn = false;
        }
      }
      if (isEnded()) return '';
      const got = await call.collectDigits(collect);
      // The digit that ended the collection starts the response clock.
      if (got !== '' && lastDigitAt !== null) pending = { at: lastDigitAt, node: nodeId };
      return got;
    },
    ended: isEnded,
    setSurvey(surveyId) {
      survey = { surveyId };
    },
  };

  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const tasks: string[] = [flow.start];
  let outcome: IvrOutcome | null = null;
  try {
    while (outcome === null) {
      const next = tasks.shift();
      if (next === undefined || isEnded()) {
        outcome = { kind: 'hangup', by: 'caller' };
        break;
      }
      if (path.length >= maxSteps) {
        outcome = { kind: 'hangup', by: 'loop', detail: `more than ${maxSteps} steps` };
        break;
      }
      nodeId = next;
      path.push(next);
      const node = flow.nodes[next];
      if (!node) throw new Error(`unknown node "${next}"`);
      const result = await runVerb(node, ctx);
      if (isEnded() && (!('outcome' in result) || result.outcome.kind !== 'voicemail')) {
        outcome = { kind: 'hangup', by: 'caller' };
      } else if ('outcome' in result) {
        outcome = result.outcome;
      } else {
        tasks.push(result.next);
      }
    }
  } catch (error) {
    options.logger?.warn({ err: error, node: nodeId, flow: flow.id }, 'ivr: verb failed');
    outcome = {
      kind: 'hangup',
      by: isEnded() ? 'caller' : 'error',
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    off();
  }
  if (outcome.kind === 'hangup' && outcome.by !== 'caller') await call.hangup();
  const exitAt = now();
  const total = responses.reduce((sum, r) => sum + r.ms, 0);
  return {
    outcome,
    vars,
    survey,
    flowId: flow.id,
    version: options.version ?? null,
    entryAt,
    exitAt,
    responses,
    responseTimeMs: responses.length ? total / responses.length : null,
    pendingDigitAt: pending === null ? null : (pending as { at: number }).at,
    path,
    digits,
  };
}
