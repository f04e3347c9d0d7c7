// ITU-T G.107 E-model, simplified for G.711 (Ie = 0, Bpl = 25.1, random loss, BurstR = 1).
// Deliberately duplicated from telephony/media's estimateMos: modules may not import telephony
// internals, and the SQL form below must match this JS form exactly (rollup tests compare both).
//
//   d      = RTT / 2 + 2 × jitter                        one-way delay incl. jitter buffer (ms)
//   Id     = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)      G.107 §7.4 simplified
//   Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl + Bpl)           G.107 §7.5, Ppl in %
//   R      = 93.2 − Id − Ie,eff
//   MOS    = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶    Annex B, for 0 < R < 100

export const MOS_CLEAR = 3.6;

export function rFactor(lossPct: number, jitterMs: number, rttMs: number): number {
  const d = rttMs / 2 + 2 * jitterMs;
  const id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const ie = (95 * lossPct) / (lossPct + 25.1);
  return 93.2 - id - ie;
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 0.000007;
}

export function estimateMos(lossPct: number, jitterMs: number, rttMs: number): number {
  return mosFromR(rFactor(lossPct, jitterMs, rttMs));
}

/** The R at which MOS reaches 3.6 (MOS rises monotonically with R above R ≈ 20). */
export const R_CLEAR = (() => {
  let lo = 50;
  let hi = 100;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (mosFromR(mid) >= MOS_CLEAR) hi = mid;
    else lo = mid;
  }
  return hi;
})();

/** SQL text (both dialects) of R over call_records columns; missing jitter / RTT count as 0. */
export function rFactorSql(): string {
  const d = '(COALESCE(rtt_ms, 0) / 2.0 + 2.0 * COALESCE(jitter_ms, 0))';
  const loss = 'COALESCE(loss_pct, 0)';
  return `(93.2 - (0.024 * ${d} + CASE WHEN ${d} > 177.3 THEN 0.11 * (${d} - 177.3) ELSE 0 END) - (95.0 * ${loss}) / (${loss} + 25.1))`;
}

export function mosFromRSql(r: string): string {
  return `(CASE WHEN ${r} <= 0 THEN 1.0 WHEN ${r} >= 100 THEN 4.5 ELSE 1.0 + 0.035 * ${r} + ${r} * (${r} - 60) * (100 - ${r}) * 0.000007 END)`;
}
