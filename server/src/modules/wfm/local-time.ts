// Wall-clock parts of UTC instants in a tenant's time zone. Intl is slow per call, so the zone
// offset is cached per 15-minute block (no zone changes its offset off a quarter hour).

const DAY_MS = 86_400_000;
const BLOCK_MS = 900_000;

export interface LocalParts {
  /** Local calendar date as days since 1970-01-01 (a day number, not an instant). */
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Milliseconds since local midnight. */
  msOfDay: number;
}

export class LocalClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Local time minus UTC, in ms, at instant `ms`. */
  offset(ms: number): number {
    const block = Math.floor(ms / BLOCK_MS);
    const cached = this.offsets.get(block);
    if (cached !== undefined) return cached;
    const at = block * BLOCK_MS;
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(at)) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    const offset = wall - at;
    this.offsets.set(block, offset);
    return offset;
  }

  parts(ms: number): LocalParts {
    const local = ms + this.offset(ms);
    const day = Math.floor(local / DAY_MS);
    // 1970-01-01 was a Thursday (4).
    return { day, weekday: (((day + 4) % 7) + 7) % 7, msOfDay: local - day * DAY_MS };
  }

  /** The UTC instant of local midnight starting day number `day`. */
  startOfDay(day: number): number {
    const guess = day * DAY_MS;
    let instant = guess - this.offset(guess);
    instant = guess - this.offset(instant);
    return instant;
  }
}

export const dayNumber = (isoDate: string): number => Math.floor(Date.parse(isoDate) / DAY_MS);

export const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7;
