import type { Migration } from 'kysely';
import * as core from './001-core.ts';
import * as evaluation from './002-evaluation.ts';
import * as authCrm from './003-auth-crm.ts';
import * as telephony from './004-telephony.ts';
import * as dialer from './005-dialer.ts';
import * as ivr from './006-ivr.ts';
import * as dialerCallbacks from './007-dialer-callbacks.ts';
import * as callbackPlace from './008-callback-place.ts';
import * as evalDialerAbandon from './009-eval-dialer-abandon.ts';

// Versioned migrations in the order they apply. New ones are appended, never edited once landed.
export const MIGRATIONS: Record<string, Migration> = {
  '001-core': core,
  '002-evaluation': evaluation,
  '003-auth-crm': authCrm,
  '004-telephony': telephony,
  '005-dialer': dialer,
  '006-ivr': ivr,
  '007-dialer-callbacks': dialerCallbacks,
  '008-callback-place': callbackPlace,
  '009-eval-dialer-abandon': evalDialerAbandon,
};
