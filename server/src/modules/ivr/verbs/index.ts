// Verb registry: one file per verb; the runner dispatches a node to its verb here.
import type { IvrNode, IvrVerbName, NodeOf } from '../flow.schema.ts';
import type { Verb, VerbContext, VerbResult } from '../ivr.types.ts';
import { callback } from './callback.ts';
import { collect } from './collect.ts';
import { hangup } from './hangup.ts';
import { hours } from './hours.ts';
import { menu } from './menu.ts';
import { play } from './play.ts';
import { queue } from './queue.ts';
import { set } from './set.ts';
import { survey } from './survey.ts';
import { transfer } from './transfer.ts';
import { voicemail } from './voicemail.ts';

const VERBS: { [V in IvrVerbName]: Verb<NodeOf<V>> } = {
  play,
  collect,
  menu,
  hours,
  set,
  queue,
  hangup,
  voicemail,
  callback,
  transfer,
  survey,
};

export function runVerb(node: IvrNode, ctx: VerbContext): Promise<VerbResult> {
  const verb = VERBS[node.verb] as Verb;
  return verb(node, ctx);
}
