// Talk-time distribution fitted to the 45,211 real call durations of the UCI Bank Marketing
// data set (bank-full.csv, Moro, Cortez & Rita, CC BY 4.0). Produced by
// bench/pacing/fit-bank-durations.ts; the checks below match the data set's README
// (p10 58 s, p25 103 s, median 180 s, p75 319 s, p90 548 s, p99 1269 s, mean 258.16 s).
// Kept as constants so that the simulator and its tests do not depend on the 4.6 MB file.

/** Nearest-rank duration (seconds) at every percent 0…100; 0-second calls counted as 1 s. */
export const BANK_TALK_PERCENTILES: readonly number[] = [
  1, 11, 16, 22, 27, 35, 41, 46, 51, 55, 58, 62, 66, 69, 72, 75, 78, 81, 83, 86, 89, 92, 95, 97,
  100, 103, 106, 109, 112, 114, 117, 120, 123, 126, 128, 132, 135, 138, 140, 144, 147, 150, 153,
  156, 159, 163, 166, 169, 173, 176, 180, 184, 188, 192, 197, 200, 205, 209, 213, 218, 223, 227,
  233, 238, 244, 249, 254, 260, 266, 272, 280, 287, 294, 301, 310, 319, 327, 337, 346, 358, 368,
  380, 393, 406, 421, 437, 456, 475, 498, 521, 548, 579, 612, 650, 696, 751, 823, 915, 1051, 1269,
  4918,
];

/** Log-normal fit of the same durations (maximum likelihood), for analytic use. */
export const BANK_TALK_LOGNORMAL = { mu: 5.162219, sigma: 0.93374 } as const;

export const BANK_TALK_MEAN_SECONDS = 258.1631;

/**
 * Share of dial attempts that reach the customer. The data set counts contacts per client in the
 * campaign (mean 2.7638) and the outcome of the last one, so about 1 attempt in 2.76 reached the
 * person: 1 ÷ 2.7638 ≈ 0.36. A rough reading, and configurable in the simulator.
 */
export const BANK_ANSWER_PROBABILITY = 0.36;
