// Runner with a scripted fake call: branches, retries, barge-in, outcomes, response times.
import { describe, expect, it } from 'vitest';
import { FakeCall, type FakeCallOptions } from './fake-call.test-util.ts';
import { demoIvrFlow, parseIvrFlow, runIvr, type IvrFlowInput } from './index.ts';

const QUEUES = { salesQueueId: 'q-sales', serviceQueueId: 'q-service' };
const resolvePrompt = (name: string, language: string) => `/prompts/${language}/${name}.wav`;

async function run(flowJson: IvrFlowInput, script: FakeCallOptions, vars = {}) {
  const call = new FakeCall(script);
  const result = await runIvr(call, parseIvrFlow(flowJson), {
    resolvePrompt,
    now: call.now,
    voicemailDir: '/var/vm',
    vars,
  });
  return { call, result };
}

/** Presses `digits[i]` when `prompt` starts for the i-th time. */
const pressOn =
  (prompt: string, ...digits: string[]) =>
  (name: string, call: FakeCall) => {
    if (name !== prompt) return;
    const next = digits.shift();
    if (next) call.press(next);
  };

describe('IVR runner (fake call)', () => {
  it('demo flow: 2 during the menu prompt interrupts it and queues to service with the variables', async () => {
    const { call, result } = await run(demoIvrFlow(QUEUES), {
      onPlay: pressOn('menu', '2'),
      playMs: { menu: 60_000 }, // the menu would play for 60 s: only barge-in ends it in time
    });
    expect(result.outcome).toEqual({
      kind: 'queue',
      queueId: 'q-service',
      priority: 0,
      skills: ['service'],
      vars: { menu: '2' },
    });
    expect(call.played).toEqual(['welcome', 'menu']);
    expect(result.path).toEqual(['welcome', 'survey', 'menu', 'service']);
    expect(result.survey).toEqual({ surveyId: null });
    expect(result.digits).toBe('2');
    // No prompt followed the digit inside the IVR: the caller measures from pendingDigitAt.
    expect(result.responses).toEqual([]);
    expect(result.responseTimeMs).toBeNull();
    expect(result.pendingDigitAt).toBe(1_000_000);
    expect(call.hangups).toBe(0);
    expect(result.exitAt).toBeGreaterThanOrEqual(result.entryAt);
  });

  it('an invalid key plays the invalid prompt (response time measured) and repeats the menu', async () => {
    const { call, result } = await run(demoIvrFlow(QUEUES), {
      onPlay: pressOn('menu', '9', '1'),
      stepMs: 7,
    });
    expect(call.played).toEqual(['welcome', 'menu', 'invalid', 'menu']);
    expect(result.outcome).toMatchObject({ kind: 'queue', queueId: 'q-sales' });
    expect(result.responses).toEqual([
      { digitAt: 1_000_000, promptAt: 1_000_007, ms: 7, fromNode: 'menu', toNode: 'menu' },
    ]);
    expect(result.responseTimeMs).toBe(7);
    expect(result.digits).toBe('91');
  });

  it('no input after every retry ends with hangup no-input when no timeout branch exists', async () => {
    const flow: IvrFlowInput = {
      id: 'strict',
      name: 'strict',
      start: 'm',
      nodes: {
        m: { verb: 'menu', prompt: 'menu', options: { '1': 'q' }, timeoutMs: 500, retries: 1 },
        q: { verb: 'queue', queueId: 'q1' },
      },
    };
    const { call, result } = await run(flow, {});
    expect(call.played).toEqual(['menu', 'timeout', 'menu', 'timeout']);
    expect(result.outcome).toMatchObject({ kind: 'hangup', by: 'no-input' });
    expect(call.hangups).toBe(1);
    expect(result.responseTimeMs).toBeNull();
  });

  it('demo flow: silence takes the timeout branch (service)', async () => {
    const flow = demoIvrFlow(QUEUES);
    (flow.nodes.menu as { timeoutMs: number }).timeoutMs = 500;
    const { call, result } = await run(flow, {});
    expect(call.played).toEqual([
      'welcome',
      'menu',
      'timeout',
      'menu',
      'timeout',
      'menu',
      'timeout',
    ]);
    expect(result.outcome).toMatchObject({ kind: 'queue', queueId: 'q-service' });
  });

  it('the caller hanging up mid-menu ends the IVR as hangup by caller (the runner sends no BYE)', async () => {
    const { call, result } = await run(demoIvrFlow(QUEUES), {
      onPlay: (name, c) => name === 'menu' && c.remoteHangup(),
    });
    expect(result.outcome).toEqual({ kind: 'hangup', by: 'caller' });
    expect(call.hangups).toBe(0);
  });

  it('collect + callback: digits with a # terminator become the E.164 callback number', async () => {
    const flow: IvrFlowInput = {
      id: 'cb',
      name: 'callback',
      start: 'ask',
      nodes: {
        ask: {
          verb: 'collect',
          prompt: 'menu',
          var: 'cb',
          minDigits: 11,
          maxDigits: 12,
          next: 'cb',
        },
        cb: { verb: 'callback', numberVar: 'cb', queueId: 'q-service' },
      },
    };
    const { call, result } = await run(flow, { onPlay: pressOn('menu', '13912345678#') });
    expect(result.outcome).toEqual({
      kind: 'callback',
      number: '+8613912345678',
      queueId: 'q-service',
    });
    expect(result.vars.cb).toBe('13912345678');
    expect(call.played).toEqual(['menu', 'callback']);
    expect(result.responses).toHaveLength(1);
    expect(result.responses[0]).toMatchObject({ fromNode: 'ask', toNode: 'cb', ms: 7 });
  });

  it('collect: too few digits count as invalid and are asked again', async () => {
    const flow: IvrFlowInput = {
      id: 'acct',
      name: 'account',
      start: 'ask',
      nodes: {
        ask: {
          verb: 'collect',
          prompt: 'menu',
          var: 'account',
          minDigits: 4,
          maxDigits: 4,
          next: 'q',
        },
        q: { verb: 'queue', queueId: 'q1' },
      },
    };
    const { call, result } = await run(flow, { onPlay: pressOn('menu', '12#', '1234') });
    expect(call.played).toEqual(['menu', 'invalid', 'menu']);
    expect(result.outcome).toMatchObject({ kind: 'queue', vars: { account: '1234' } });
  });

  it('callback without a variable uses the caller number from the SIP From', async () => {
    const flow: IvrFlowInput = {
      id: 'cb2',
      name: 'cb2',
      start: 'cb',
      nodes: { cb: { verb: 'callback' } },
    };
    const { result } = await run(flow, {});
    expect(result.outcome).toEqual({ kind: 'callback', number: '+8613800138000', queueId: null });
  });

  it('set (with {{var}}), survey, transfer and play-and-hang-up', async () => {
    const flow: IvrFlowInput = {
      id: 'misc',
      name: 'misc',
      start: 's',
      nodes: {
        s: { verb: 'set', vars: { vip: 'yes', tag: 'dnis-{{dnis}}' }, next: 'sv' },
        sv: { verb: 'survey', surveyId: 'csat', next: 'm' },
        m: { verb: 'menu', prompt: 'menu', options: { '0': 't', '9': 'bye' } },
        t: { verb: 'transfer', number: '+862161234567', prompt: 'transfer' },
        bye: { verb: 'hangup', prompt: 'goodbye' },
      },
    };
    const transfer = await run(flow, { onPlay: pressOn('menu', '0') }, { dnis: '4000' });
    expect(transfer.result.outcome).toEqual({ kind: 'transfer', number: '+862161234567' });
    expect(transfer.result.vars).toEqual({ dnis: '4000', vip: 'yes', tag: 'dnis-4000' });
    expect(transfer.result.survey).toEqual({ surveyId: 'csat' });
    expect(transfer.call.hangups).toBe(0);
    const bye = await run(flow, { onPlay: pressOn('menu', '9') });
    expect(bye.result.outcome).toEqual({ kind: 'hangup', by: 'flow' });
    expect(bye.call.played).toEqual(['menu', 'goodbye']);
    expect(bye.call.hangups).toBe(1);
  });

  it('voicemail records into the voicemail dir until # and returns the file', async () => {
    const flow: IvrFlowInput = {
      id: 'vm',
      name: 'vm',
      start: 'vm',
      nodes: { vm: { verb: 'voicemail', mailbox: 'sales' } },
    };
    const { call, result } = await run(flow, {
      onPlay: (name, c) => name === 'beep' && setTimeout(() => c.press('#'), 20),
    });
    expect(call.played).toEqual(['voicemail', 'beep']);
    expect(call.recordings).toEqual([`/var/vm/fake-call-1-1000000.wav`]);
    expect(result.outcome).toEqual({
      kind: 'voicemail',
      path: '/var/vm/fake-call-1-1000000.wav',
      durationMs: 1234,
      mailbox: 'sales',
    });
  });

  it('a flow that loops forever is cut at maxSteps and hung up', async () => {
    const flow: IvrFlowInput = {
      id: 'loop',
      name: 'loop',
      start: 'a',
      nodes: { a: { verb: 'set', vars: { x: '1' }, next: 'a' } },
    };
    const call = new FakeCall();
    const result = await runIvr(call, parseIvrFlow(flow), { resolvePrompt, maxSteps: 50 });
    expect(result.outcome).toMatchObject({ kind: 'hangup', by: 'loop' });
    expect(result.path).toHaveLength(50);
    expect(call.hangups).toBe(1);
  });

  it('a prompt that cannot be resolved ends the IVR as an error and hangs up', async () => {
    const call = new FakeCall();
    const result = await runIvr(call, parseIvrFlow(demoIvrFlow(QUEUES)));
    expect(result.outcome).toMatchObject({ kind: 'hangup', by: 'error' });
    expect((result.outcome as { detail: string }).detail).toMatch(/no prompt directory/);
    expect(call.hangups).toBe(1);
  });

  it('prompts resolve under promptDir/<language>/<name>.wav by default', async () => {
    const call = new FakeCall({ onPlay: pressOn('menu', '1') });
    const flow = { ...demoIvrFlow(QUEUES), language: 'en' as const };
    const seen: string[] = [];
    const original = call.play.bind(call);
    call.play = (source) => {
      seen.push(String(source));
      return original(source);
    };
    await runIvr(call, parseIvrFlow(flow), { promptDir: '/data/prompts' });
    expect(seen).toEqual(['/data/prompts/en/welcome.wav', '/data/prompts/en/menu.wav']);
  });
});
