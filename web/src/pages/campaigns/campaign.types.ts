// Campaigns as GET /api/dialer/campaigns returns them (see docs/dialer.md "HTTP API").

export type DialMode = 'preview' | 'progressive' | 'predictive';

export interface CampaignProgress {
  entries: number;
  finalEntries: number;
  entriesByState: Record<string, number>;
  attempts: number;
  answered: number;
  connected: number;
  abandoned: number;
  /** Rates without a denominator are null ("no data"). */
  connectionRate: number | null;
  abandonRate: number | null;
  taskCompletionRate: number | null;
}

export interface CampaignLive {
  live: boolean;
  counters: {
    dialed: number;
    refused: number;
    answered: number;
    connected: number;
    abandoned: number;
  } | null;
  activeCalls: number;
  loggedInAgents: number;
}

export interface DialerCampaign {
  id: string;
  name: string;
  dialMode: DialMode;
  status: string;
  /** The pacing cap; null when the settings do not validate. */
  abandonCap: number | null;
  /** Set when a row made through the plain CRUD does not validate (it cannot be started). */
  settingsError: string | null;
  progress: CampaignProgress;
  live: CampaignLive;
}

/** Entry states in the order the list table shows them. */
export const ENTRY_STATES = [
  'pending',
  'dialing',
  'retry',
  'deferred',
  'callback',
  'reached',
  'exhausted',
  'invalid',
  'blocked',
] as const;

export const pct = (v: number | null | undefined): string | null =>
  v === null || v === undefined ? null : `${(v * 100).toFixed(1)}%`;

/** A campaign whose runner dials now: the page refreshes it every few seconds. */
export const isRunning = (c: DialerCampaign): boolean => c.status === 'running' || c.live.live;
