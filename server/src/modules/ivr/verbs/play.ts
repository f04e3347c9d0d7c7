// play: one prompt, then the next node (no barge-in: digits pressed meanwhile are kept as
// type-ahead for the next collection).
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function play(node: NodeOf<'play'>, ctx: VerbContext): Promise<VerbResult> {
  await ctx.play(node.prompt);
  return { next: node.next };
}
