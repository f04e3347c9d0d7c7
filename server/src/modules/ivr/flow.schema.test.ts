// Flow validation: good flows pass with defaults applied; bad ones name the path of the field.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/index.ts';
import {
  demoIvrFlow,
  demoIvrFlowWithHours,
  parseIvrFlow,
  validateIvrFlow,
  type IvrFlowInput,
} from './index.ts';

const QUEUES = { salesQueueId: 'q-sales', serviceQueueId: 'q-service' };

function issuesOf(flow: unknown) {
  const result = validateIvrFlow(flow);
  if (result.ok) throw new Error('expected the flow to be rejected');
  return result.issues;
}

const withNode = (id: string, node: unknown): unknown => {
  const flow = demoIvrFlow(QUEUES);
  return { ...flow, nodes: { ...flow.nodes, [id]: node } };
};

describe('IVR flow schema', () => {
  it('accepts the demo flows and applies defaults', () => {
    const flow = parseIvrFlow(demoIvrFlow(QUEUES));
    expect(flow.language).toBe('zh');
    const menu = flow.nodes.menu;
    expect(menu?.verb).toBe('menu');
    if (menu?.verb !== 'menu') return;
    expect(menu.invalidPrompt).toBe('invalid');
    expect(menu.options).toEqual({ '1': 'sales', '2': 'service' });
    const hours = parseIvrFlow(demoIvrFlowWithHours(QUEUES)).nodes.hours;
    expect(hours).toMatchObject({ verb: 'hours', workdays: [] });
  });

  it('names the menu option that points at an unknown node', () => {
    const flow = demoIvrFlow(QUEUES);
    const menu = flow.nodes.menu as { options: Record<string, string> };
    menu.options['3'] = 'nowhere';
    expect(issuesOf(flow)).toEqual([
      { path: 'nodes.menu.options.3', message: 'unknown node "nowhere"' },
    ]);
  });

  it('names bad fields: timeout range, verb, E.164 number, unknown field, start, minDigits', () => {
    const flow = demoIvrFlow(QUEUES);
    (flow.nodes.menu as { timeoutMs: number }).timeoutMs = 100;
    expect(issuesOf(flow).map((i) => i.path)).toEqual(['nodes.menu.timeoutMs']);

    expect(issuesOf(withNode('x', { verb: 'dance', next: 'menu' }))[0]?.path).toBe('nodes.x.verb');

    const bad = issuesOf(withNode('t', { verb: 'transfer', number: '021-6123' }));
    expect(bad).toEqual([
      { path: 'nodes.t.number', message: expect.stringMatching(/E\.164/) as string },
    ]);

    expect(
      issuesOf(withNode('p', { verb: 'play', prompt: 'menu', next: 'menu', colour: 1 })),
    ).toEqual([{ path: 'nodes.p', message: expect.stringMatching(/colour/) as string }]);

    expect(issuesOf({ ...demoIvrFlow(QUEUES), start: 'missing' })).toEqual([
      { path: 'start', message: 'unknown node "missing"' },
    ]);

    const collect = { verb: 'collect', var: 'n', minDigits: 5, maxDigits: 3, next: 'menu' };
    expect(issuesOf(withNode('c', collect))).toEqual([
      { path: 'nodes.c.minDigits', message: 'minDigits is larger than maxDigits' },
    ]);
  });

  it('checks hours: HH:MM times, dates, time zones, and the branch targets', () => {
    const hours = {
      verb: 'hours',
      timeZone: 'Mars/Olympus',
      weekly: { mon: [['09:00', '25:00']] },
      holidays: [{ date: '1 Oct' }],
      open: 'menu',
      closed: 'gone',
    };
    expect(
      issuesOf(withNode('h', hours))
        .map((i) => i.path)
        .sort(),
    ).toEqual([
      'nodes.h.closed',
      'nodes.h.holidays.0.date',
      'nodes.h.timeZone',
      'nodes.h.weekly.mon.0.1',
    ]);
    // Every problem is reported at once; with valid shapes only the references and the zone remain.
    const shaped = { ...hours, weekly: { mon: [['09:00', '18:00']] }, holidays: [] };
    expect(issuesOf(withNode('h', shaped))).toEqual([
      { path: 'nodes.h.closed', message: 'unknown node "gone"' },
      { path: 'nodes.h.timeZone', message: 'unknown time zone "Mars/Olympus"' },
    ]);
  });

  it('parseIvrFlow throws an invalid_input AppError whose message and where name the path', () => {
    const flow: IvrFlowInput = {
      id: 'f',
      name: 'f',
      start: 'a',
      nodes: { a: { verb: 'hangup', prompt: 'Bad Name' } },
    };
    let error: unknown;
    try {
      parseIvrFlow(flow);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const app = error as AppError;
    expect(app.category).toBe('invalid_input');
    expect(app.code).toBe('ivr_flow_invalid');
    expect(app.where).toBe('nodes.a.prompt');
    expect(app.message).toMatch(/nodes\.a\.prompt: prompt: a prompt name/);
  });
});
