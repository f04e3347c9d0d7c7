// callback: the caller asks to be called back (number from a variable, else the caller's own
// number); the confirmation prompt plays and the IVR ends with a callback outcome.
import { tryNormalizePhone } from '../../phone/index.ts';
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

/** The user part of a SIP URI / name-addr, or the string itself. */
export function callerNumber(from: string): string {
  const m = /sips?:([^@;>]+)/.exec(from);
  return (m?.[1] ?? from).trim();
}

export async function callback(node: NodeOf<'callback'>, ctx: VerbContext): Promise<VerbResult> {
  const raw = node.numberVar ? (ctx.vars[node.numberVar] ?? '') : callerNumber(ctx.call.from);
  const number = normalize(raw);
  await ctx.play(node.prompt);
  return { outcome: { kind: 'callback', number, queueId: node.queueId ?? null } };
}

function normalize(raw: string): string {
  const result = tryNormalizePhone(raw);
  return typeof result === 'string' ? result : raw;
}
