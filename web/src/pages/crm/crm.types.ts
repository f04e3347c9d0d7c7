// CRM rows as the list endpoints return them (camelCase; optional where the API may omit).
import type { IntentLevel } from '../../api/types.ts';

export interface FollowUp {
  id: string;
  customerId: string;
  customerName?: string | null;
  leadId?: string | null;
  userId?: string | null;
  userName?: string | null;
  channel: string;
  note: string | null;
  at: number;
  nextAt: number | null;
}

export interface Deal {
  id: string;
  customerId: string;
  customerName?: string | null;
  amount: number;
  currency?: string;
  stage: string;
  closedWonAt: number | null;
  createdAt?: number;
}

export interface Ticket {
  id: string;
  customerId: string | null;
  customerName?: string | null;
  subject: string;
  resolved: boolean | number;
  firstContactResolution: boolean | number;
  createdAt: number;
  resolvedAt: number | null;
}

export interface Complaint {
  id: string;
  customerId: string | null;
  customerName?: string | null;
  type: 'service' | 'harassment' | 'other';
  callCenter: boolean | number;
  note: string | null;
  createdAt: number;
}

/** GET /api/customers/:id/history. */
export interface CustomerHistory {
  tags: {
    id: string;
    kind: string;
    name: string;
    level: string | null;
    leadId: string | null;
    createdAt: number;
  }[];
  followUps: {
    id: string;
    channel: string;
    note: string | null;
    at: number;
    nextAt: number | null;
  }[];
  deals: {
    id: string;
    amount: number;
    currency: string;
    stage: string;
    closedWonAt: number | null;
    createdAt: number;
  }[];
  tickets: { id: string; subject: string; resolved: boolean; createdAt: number }[];
  complaints: { id: string; type: string; note: string | null; createdAt: number }[];
  calls: {
    id: string;
    direction: 'inbound' | 'outbound';
    createdAt: number;
    answerAt: number | null;
    endAt: number | null;
    disposition: string | null;
    coreInfoDelivered: boolean;
  }[];
}

export const INTENT_COLOR: Record<IntentLevel, string> = {
  high: 'red',
  medium: 'orange',
  low: 'default',
};
