// The demo IVR behind service number 4000: welcome, business hours (Mon–Fri 09:00–18:00
// Asia/Shanghai, with the tenant time zone), menu 1 sales / 2 service, voicemail when closed.
import type { IvrFlowInput } from './flow.schema.ts';

export const DEMO_IVR_FLOW_ID = 'demo-4000';

export function demoIvrFlow(queues: {
  salesQueueId: string;
  serviceQueueId: string;
}): IvrFlowInput {
  return {
    id: DEMO_IVR_FLOW_ID,
    name: '演示热线 4000',
    language: 'zh',
    start: 'welcome',
    nodes: {
      welcome: { verb: 'play', prompt: 'welcome', next: 'survey' },
      survey: { verb: 'survey', next: 'menu' },
      menu: {
        verb: 'menu',
        prompt: 'menu',
        options: { '1': 'sales', '2': 'service' },
        timeoutMs: 5000,
        retries: 2,
        var: 'menu',
        onInvalid: 'goodbye',
        onTimeout: 'service',
      },
      sales: { verb: 'queue', queueId: queues.salesQueueId, skills: ['sales'] },
      service: { verb: 'queue', queueId: queues.serviceQueueId, skills: ['service'] },
      goodbye: { verb: 'hangup', prompt: 'goodbye' },
    },
  };
}

/** A variant with office hours in front: closed → voicemail. */
export function demoIvrFlowWithHours(queues: {
  salesQueueId: string;
  serviceQueueId: string;
}): IvrFlowInput {
  const base = demoIvrFlow(queues);
  const workday: [string, string][] = [['09:00', '18:00']];
  return {
    ...base,
    id: `${DEMO_IVR_FLOW_ID}-hours`,
    name: '演示热线 4000（含工作时间）',
    start: 'hours',
    nodes: {
      ...base.nodes,
      hours: {
        verb: 'hours',
        weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday },
        holidays: [{ date: '2026-10-01', name: '国庆节' }],
        open: 'welcome',
        closed: 'closed',
      },
      closed: { verb: 'play', prompt: 'closed', next: 'voicemail' },
      voicemail: { verb: 'voicemail', maxMs: 60_000 },
    },
  };
}
