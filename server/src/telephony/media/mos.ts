// E-model MOS estimate: ITU-T G.107 (06/2015) reduced to what G.711 over IP varies in.
// For G.711 with packet-loss concealment Ie = 0 and Bpl = 25.1 (G.113 Appendix I); the default
// values of every other parameter give R0 − Is − A = 93.2, so R = 93.2 − Id − Ie_eff.
// This mirrors the widely used simplification (Cole & Rosenbluth, 2001) of Id.

export interface MosInput {
  /** Packet loss, percent (0–100). */
  lossPct: number;
  /** Interarrival jitter, ms (RFC 3550 A.8). */
  jitterMs: number;
  /** Round-trip time, ms; null when unknown (treated as 0 network delay). */
  rttMs: number | null;
}

/** R-factor at which G.107 Annex B puts "users satisfied": MOS ≈ 3.6 is our "clear" line. */
export const CLEAR_MOS = 3.6;

const R_BASE = 93.2;
const IE_G711 = 0;
const BPL_G711 = 25.1;

/** G.107 §3.6 Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), random loss (BurstR = 1). */
export function effectiveEquipmentImpairment(lossPct: number): number {
  const ppl = clamp(lossPct, 0, 100);
  return IE_G711 + ((95 - IE_G711) * ppl) / (ppl + BPL_G711);
}

/** Id from one-way mouth-to-ear delay Ta (ms): 0.024·Ta + 0.11·(Ta − 177.3)·H(Ta − 177.3). */
export function delayImpairment(oneWayMs: number): number {
  const ta = Math.max(0, oneWayMs);
  return 0.024 * ta + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0);
}

/** G.107 Annex B: R → MOS (CQE). */
export function rToMos(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

export function estimateR({ lossPct, jitterMs, rttMs }: MosInput): number {
  // One-way network delay plus a jitter buffer sized at twice the jitter (common practice).
  // modules/evaluation repeats this exact formula in SQL: change both together.
  const oneWay = (rttMs ?? 0) / 2 + 2 * Math.max(0, jitterMs);
  return R_BASE - delayImpairment(oneWay) - effectiveEquipmentImpairment(lossPct);
}

/** MOS (1–4.5); pure, the same formula as modules/evaluation's e-model. */
export function estimateMos(input: MosInput): number {
  return rToMos(estimateR(input));
}

export const isClear = (mos: number): boolean => mos >= CLEAR_MOS;

function clamp(value: number, low: number, high: number): number {
  if (!Number.isFinite(value)) return low;
  return Math.min(high, Math.max(low, value));
}
