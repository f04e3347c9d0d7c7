// queue: optional prompt, then the IVR ends with a queue outcome; the caller of the runner
// (modules/inbound) enqueues the call with the priority, skills and variables.
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function queue(node: NodeOf<'queue'>, ctx: VerbContext): Promise<VerbResult> {
  if (node.prompt) await ctx.play(node.prompt);
  return {
    outcome: {
      kind: 'queue',
      queueId: node.queueId,
      priority: node.priority,
      skills: node.skills,
      vars: { ...ctx.vars },
    },
  };
}
