import { describe, expect, it } from 'vitest';
import { evaluateWindow, localTime, provinceKey } from './calling-window.ts';
import { judgeCallerId } from './caller-id-health.ts';
import { isOptOutReply } from './lists.service.ts';
import { DEFAULT_COMPLIANCE_SETTINGS, mergeSettings } from './settings.ts';

describe('calling windows', () => {
  it('reads the callee local time in Asia/Shanghai (UTC+8) with the day start', () => {
    const t = localTime(Date.UTC(2026, 2, 2, 13, 30, 15), 'Asia/Shanghai');
    expect(t).toMatchObject({ date: '2026-03-02', clock: '21:30', minutes: 21 * 60 + 30 });
    expect(t.dayStart).toBe(Date.UTC(2026, 2, 1, 16, 0));
  });

  it('treats window ends as exclusive: 11:59 and 19:59 in, 12:00 and 20:00 out', () => {
    const at = (h: number, m: number): number => Date.UTC(2026, 2, 2, h - 8, m);
    const ok = (h: number, m: number): boolean =>
      evaluateWindow(DEFAULT_COMPLIANCE_SETTINGS, '广东省', at(h, m)).ok;
    expect([
      ok(8, 59),
      ok(9, 0),
      ok(11, 59),
      ok(12, 0),
      ok(13, 59),
      ok(14, 0),
      ok(19, 59),
      ok(20, 0),
    ]).toEqual([false, true, true, false, false, true, true, false]);
  });

  it('matches provinces with or without their suffix and honours per-province time zones', () => {
    expect(
      ['广东省', '广东', '广西壮族自治区', '北京市', '新疆维吾尔自治区'].map(provinceKey),
    ).toEqual(['广东', '广东', '广西', '北京', '新疆']);
    const settings = mergeSettings(DEFAULT_COMPLIANCE_SETTINGS, {
      timeZoneByProvince: { 新疆: 'Asia/Urumqi' },
    });
    // 02:00 UTC is 10:00 in Beijing but 08:00 in Urumqi (UTC+6): too early there.
    const verdict = evaluateWindow(settings, '新疆维吾尔自治区', Date.UTC(2026, 2, 2, 2, 0));
    expect(verdict).toMatchObject({ ok: false, code: 'window.outside', timeZone: 'Asia/Urumqi' });
    expect(verdict.local.clock).toBe('08:00');
  });
});

describe('SMS opt-out replies', () => {
  it('recognises 退订 / TD / T in any width and case, and not ordinary replies', () => {
    expect(['退订', ' TD ', 'td', 'ＴＤ', 'T。', '退订谢谢', 'stop'].map(isOptOutReply)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['好的', '明天再打', 'TD产品不错吗', ''].map(isOptOutReply)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('caller-ID health', () => {
  const t = DEFAULT_COMPLIANCE_SETTINGS.callerId;
  it('does not judge ratios on fewer attempts than the minimum', () => {
    expect(
      judgeCallerId(
        { callerId: 'x', callsLastHour: 3, ended24h: 10, answered24h: 0, short24h: 0 },
        t,
      ).recommendation,
    ).toBe('ok');
  });
  it('rotates on a high short-call ratio even when the volume is fine', () => {
    const h = judgeCallerId(
      { callerId: 'x', callsLastHour: 3, ended24h: 100, answered24h: 40, short24h: 20 },
      t,
    );
    expect(h).toMatchObject({ recommendation: 'rotate', shortRatio: 0.5 });
    expect(h.reasons[0]).toMatch(/short-call ratio 50.0 %/);
  });
});
