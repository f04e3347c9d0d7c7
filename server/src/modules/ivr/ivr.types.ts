// Types shared by the IVR runner, its verbs and its callers (modules/inbound). The runner drives
// an `IvrCall`: the telephony Call (telephony/index.ts) satisfies it structurally.
import type { IvrFlow, IvrNode } from './flow.schema.ts';

/** What the runner needs from a call leg; `Call` from telephony/index.ts fits as it is. */
export interface IvrCall {
  readonly id: string;
  /** Caller's number / URI (callback default). */
  readonly from: string;
  readonly state: string;
  /** WAV path or 8 kHz PCM; resolves 'stopped' when stopPlayback() or the hang-up cut it. */
  play(source: string | Int16Array): Promise<'done' | 'stopped'>;
  stopPlayback(): void;
  /** Type-ahead: digits pressed before the call count (Call's DigitCollector keeps them). */
  collectDigits(options: {
    maxDigits?: number;
    timeoutMs?: number;
    interDigitTimeoutMs?: number;
    terminators?: string;
  }): Promise<string>;
  record(path: string): void;
  stopRecording(): Promise<{ path: string; durationMs: number } | null>;
  hangup(): Promise<void>;
  /** Call events; the runner uses `dtmf` (with `at`, when the digit arrived) and `state`. */
  on(listener: (event: IvrCallEvent) => void): () => void;
}

export interface IvrCallEvent {
  type: string;
  digit?: string;
  state?: string;
  at: number;
}

export type IvrOutcome =
  | {
      kind: 'queue';
      queueId: string;
      priority: number;
      skills: string[];
      vars: Record<string, string>;
    }
  /** by: 'flow' (a hangup verb), 'caller' (hung up during the IVR), 'no-input', 'loop', 'error'. */
  | { kind: 'hangup'; by: 'flow' | 'caller' | 'no-input' | 'loop' | 'error'; detail?: string }
  | { kind: 'voicemail'; path: string; durationMs: number | null; mailbox: string | null }
  | { kind: 'callback'; number: string; queueId: string | null }
  | { kind: 'transfer'; number: string };

export interface IvrResponseSample {
  /** When the digit arrived (the call's dtmf event time, epoch ms). */
  digitAt: number;
  /** When the next prompt's playback was handed to the media engine (epoch ms); see docs/ivr.md. */
  promptAt: number;
  ms: number;
  /** Node the digit was collected in, and the node whose prompt answered it. */
  fromNode: string;
  toNode: string;
}

export interface IvrRunResult {
  outcome: IvrOutcome;
  vars: Record<string, string>;
  /** Set by a `survey` node: offer the post-call survey after the agent leg ends. */
  survey: { surveyId: string | null } | null;
  flowId: string;
  version: number | null;
  entryAt: number;
  exitAt: number;
  /** Every digit → next prompt measurement of this call, in order. */
  responses: IvrResponseSample[];
  /** Mean of `responses[].ms`, or null when no digit was followed by a prompt (no data). */
  responseTimeMs: number | null;
  /**
   * A digit that ended the last collection but no prompt followed inside the IVR (e.g. '2' →
   * queue without a prompt): the caller of the runner measures the response to its own first
   * prompt / hold music from here. Null when none.
   */
  pendingDigitAt: number | null;
  /** Node ids visited, in order (for call records / debugging). */
  path: string[];
  /** All digits the caller entered, in order. */
  digits: string;
}

export interface IvrRunOptions {
  /** Tenant time zone for business hours (default Asia/Shanghai). */
  timeZone?: string;
  /** Clock for business hours and timing (default Date.now). */
  now?: () => number;
  /** Resolves prompt names to WAV paths (default: promptPath(promptDir, flow.language, name)). */
  promptDir?: string;
  resolvePrompt?: (name: string, language: 'zh' | 'en') => string;
  /** Directory for voicemail recordings (required when the flow has a voicemail node). */
  voicemailDir?: string;
  /** Flow version (for the result); set by runStoredFlow. */
  version?: number;
  /** Initial variables (e.g. DNIS, caller). */
  vars?: Record<string, string>;
  /** Safety cap on executed verbs (default 200): a looping flow ends as hangup 'loop'. */
  maxSteps?: number;
  logger?: { warn(obj: object, msg: string): void };
}

/** What a verb returns: the next node, or the end of the IVR. */
export type VerbResult = { next: string } | { outcome: IvrOutcome };

/** What every verb receives: the call, the run state and helpers. */
export interface VerbContext {
  call: IvrCall;
  flow: IvrFlow;
  nodeId: string;
  vars: Record<string, string>;
  options: IvrRunOptions;
  now: () => number;
  /** Plays a prompt by name (or path); records the IVR response time when a digit is pending. */
  play(prompt: string): Promise<'done' | 'stopped'>;
  /** Plays a prompt and collects digits at the same time (barge-in: a digit stops the prompt). */
  playAndCollect(
    prompt: string | undefined,
    collect: {
      maxDigits: number;
      timeoutMs: number;
      interDigitTimeoutMs: number;
      terminators: string;
    },
  ): Promise<string>;
  ended(): boolean;
  setSurvey(surveyId: string | null): void;
}

export type Verb<N extends IvrNode = IvrNode> = (node: N, ctx: VerbContext) => Promise<VerbResult>;
