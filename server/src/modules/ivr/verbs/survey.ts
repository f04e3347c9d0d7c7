// survey: flags the call for the post-call survey (offered after the agent leg ends) and goes on.
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export function survey(node: NodeOf<'survey'>, ctx: VerbContext): Promise<VerbResult> {
  ctx.setSurvey(node.surveyId ?? null);
  return Promise.resolve({ next: node.next });
}
