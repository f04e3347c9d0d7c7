import { describe, expect, it } from 'vitest';
import { parseDate } from './params.ts';

describe('evaluation date parameters', () => {
  it('reads a local date in the tenant zone and epoch ms', () => {
    expect(parseDate('2026-03-02', 'Asia/Shanghai', 'from')).toBe(Date.UTC(2026, 2, 1, 16));
    expect(parseDate('1772416800000', 'Asia/Shanghai', 'from')).toBe(1772416800000);
  });

  it('refuses instants outside 1900–9999 with a 400 naming the parameter', () => {
    // 9999999999999999999 ms once reached Date arithmetic and answered 500.
    for (const text of ['9999999999999999999', '8000000000000000', '+275760-09-13T00:00:00Z']) {
      expect(() => parseDate(text, 'Asia/Shanghai', 'from')).toThrow(
        expect.objectContaining({
          category: 'invalid_input',
          code: 'evaluation.date',
          where: 'from',
          message: `from: ${text} is outside the years 1900–9999 (at from)`,
        }),
      );
    }
    expect(() => parseDate('0001-01-01', 'UTC', 'to')).toThrow(/to: 0001-01-01 is outside/);
  });
});
