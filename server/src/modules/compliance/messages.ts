import type { RefusalCode, RefusalReason } from './compliance.types.ts';

type Detail = Record<string, unknown>;
const s = (d: Detail, k: string): string => {
  const v = d[k];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
};

// The Chinese and English text of each refusal; the figures come from the detail.
const TEXT: Record<RefusalCode, (d: Detail) => { zh: string; en: string }> = {
  'phone.invalid': () => ({
    zh: '号码无效，不能外呼',
    en: 'The number is not a valid phone number',
  }),
  'dnc.tenant': () => ({
    zh: '号码在本企业的免打扰名单中',
    en: "The number is on the tenant's do-not-call list",
  }),
  'dnc.national': () => ({
    zh: '号码在国家拒接营销电话名单中',
    en: 'The number is on the national refuse-calls list',
  }),
  opt_out: (d) => ({
    zh: `号码已退订（${s(d, 'channel')}，${s(d, 'optedOutAt')}）`,
    en: `The number opted out (${s(d, 'channel')}, ${s(d, 'optedOutAt')})`,
  }),
  'window.holiday': (d) => ({
    zh: `被叫当地日期 ${s(d, 'localDate')} 为节假日，不外呼`,
    en: `${s(d, 'localDate')} is a holiday at the callee's location; no calls`,
  }),
  'window.outside': (d) => ({
    zh: `被叫当地时间 ${s(d, 'localTime')} 不在允许的外呼时段（${s(d, 'windows')}）内`,
    en: `Callee local time ${s(d, 'localTime')} is outside the calling windows (${s(d, 'windows')})`,
  }),
  'lockout.abandoned': (d) => ({
    zh: `该号码 ${s(d, 'lockoutHours')} 小时内有一通放弃呼叫，锁定至 ${s(d, 'lockedUntil')}`,
    en: `An abandoned call reached this number within ${s(d, 'lockoutHours')} h; locked until ${s(d, 'lockedUntil')}`,
  }),
  'frequency.day': (d) => ({
    zh: `该号码今日已呼叫 ${s(d, 'count')} 次，达到每日上限 ${s(d, 'cap')} 次`,
    en: `The number was called ${s(d, 'count')} times today; the daily cap is ${s(d, 'cap')}`,
  }),
  'frequency.week': (d) => ({
    zh: `该号码近 7 天已呼叫 ${s(d, 'count')} 次，达到上限 ${s(d, 'cap')} 次`,
    en: `The number was called ${s(d, 'count')} times in 7 days; the cap is ${s(d, 'cap')}`,
  }),
  'frequency.30d': (d) => ({
    zh: `该号码近 30 天已呼叫 ${s(d, 'count')} 次，达到上限 ${s(d, 'cap')} 次`,
    en: `The number was called ${s(d, 'count')} times in 30 days; the cap is ${s(d, 'cap')}`,
  }),
  'caller_id.throttle': (d) => ({
    zh: `主叫号码 ${s(d, 'callerId')} 近一小时已呼叫 ${s(d, 'callsLastHour')} 次，需降速`,
    en: `Caller ID ${s(d, 'callerId')} placed ${s(d, 'callsLastHour')} calls in the last hour; throttle it`,
  }),
  'caller_id.rotate': (d) => ({
    zh: `主叫号码 ${s(d, 'callerId')} 健康度差（${s(d, 'reasons')}），请更换主叫号码`,
    en: `Caller ID ${s(d, 'callerId')} looks unhealthy (${s(d, 'reasons')}); rotate to another`,
  }),
};

export function refusal(code: RefusalCode, detail: Detail = {}): RefusalReason {
  return { code, ...TEXT[code](detail), detail };
}
