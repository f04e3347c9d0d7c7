// Business hours and holidays at injected instants, in Asia/Shanghai and in another zone; the
// runner's hours verb branches on the same clock.
import { describe, expect, it } from 'vitest';
import { FakeCall } from './fake-call.test-util.ts';
import {
  businessHoursState,
  demoIvrFlowWithHours,
  localTime,
  parseIvrFlow,
  runIvr,
  type NodeOf,
} from './index.ts';

const flow = parseIvrFlow(demoIvrFlowWithHours({ salesQueueId: 's', serviceQueueId: 'v' }));
const node = { ...(flow.nodes.hours as NodeOf<'hours'>) };
node.workdays = [{ date: '2026-10-10', hours: [['09:00', '12:00']] }]; // a Saturday made a workday
// Shanghai is UTC+8 all year: local 10:00 = 02:00 UTC.
const at = (date: string, hh: number, mm = 0) =>
  Date.parse(`${date}T00:00:00Z`) + ((hh - 8) * 60 + mm) * 60_000;

describe('business hours', () => {
  it('local time in the zone', () => {
    expect(localTime(at('2026-03-02', 10), 'Asia/Shanghai')).toEqual({
      date: '2026-03-02',
      day: 'mon',
      minutes: 600,
    });
    // 00:30 Tuesday in Shanghai is still Monday in UTC.
    expect(localTime(at('2026-03-03', 0, 30), 'UTC')).toMatchObject({
      date: '2026-03-02',
      day: 'mon',
    });
  });

  it('weekly plan, edges, holiday, special workday', () => {
    expect(businessHoursState(node, at('2026-03-02', 10))).toBe('open'); // Monday
    expect(businessHoursState(node, at('2026-03-02', 9, 0))).toBe('open');
    expect(businessHoursState(node, at('2026-03-02', 8, 59))).toBe('closed');
    expect(businessHoursState(node, at('2026-03-02', 18, 0))).toBe('closed'); // end exclusive
    expect(businessHoursState(node, at('2026-03-07', 10))).toBe('closed'); // Saturday
    expect(businessHoursState(node, at('2026-10-01', 10))).toBe('holiday'); // Thursday, 国庆节
    expect(businessHoursState(node, at('2026-10-10', 10))).toBe('open'); // 调休 Saturday
    expect(businessHoursState(node, at('2026-10-10', 13))).toBe('closed');
  });

  it('uses the tenant zone when the node has none, the node zone when it has one', () => {
    // Monday 10:00 Shanghai = Sunday 21:00 in New York.
    expect(businessHoursState(node, at('2026-03-02', 10), 'America/New_York')).toBe('closed');
    expect(
      businessHoursState(
        { ...node, timeZone: 'Asia/Shanghai' },
        at('2026-03-02', 10),
        'America/New_York',
      ),
    ).toBe('open');
  });

  it('the runner branches on the injected clock: closed → closed prompt → voicemail', async () => {
    const call = new FakeCall({
      onPlay: (name, c) => name === 'beep' && setTimeout(() => c.press('#'), 10),
    });
    call.clock = at('2026-10-01', 10);
    const result = await runIvr(call, flow, {
      resolvePrompt: (n) => `/p/${n}.wav`,
      now: call.now,
      voicemailDir: '/vm',
    });
    expect(call.played).toEqual(['closed', 'voicemail', 'beep']);
    expect(result.vars.hours).toBe('holiday');
    expect(result.outcome).toMatchObject({ kind: 'voicemail' });
    const open = new FakeCall({ onPlay: (name, c) => name === 'menu' && c.press('1') });
    open.clock = at('2026-03-02', 10);
    const opened = await runIvr(open, flow, { resolvePrompt: (n) => `/p/${n}.wav`, now: open.now });
    expect(opened.outcome).toMatchObject({ kind: 'queue', queueId: 's' });
    expect(opened.path.slice(0, 2)).toEqual(['hours', 'welcome']);
  });
});
