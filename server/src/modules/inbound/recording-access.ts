import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden, notFound } from '../../platform/index.ts';
import type { Actor } from '../crm/index.ts';

// Who may play a call's recording: admins, supervisors and auditors of the call's tenant, and an
// agent only for the calls its own seat handled. Recordings are plain stereo WAV files in
// <dataDir>/recordings (inbound and click-to-dial write there); a path stored outside that
// folder is refused rather than served, so a tampered record cannot read other files.

export interface RecordingFile {
  callId: string;
  path: string;
  size: number;
}

export async function findRecording(
  ctx: Pick<AppContext, 'db' | 'config'>,
  actor: Actor,
  callId: string,
): Promise<RecordingFile> {
  const row = await ctx.db.kysely
    .selectFrom('call_records')
    .select(['id', 'agent_id', 'recording_path'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', callId)
    .executeTakeFirst();
  // Another tenant's call looks exactly like a missing one.
  if (!row) throw notFound('recordings.call_not_found', `No call ${callId} in this tenant`);
  if (actor.role === 'agent') {
    const seat = await ctx.db.kysely
      .selectFrom('agents')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!seat || row.agent_id !== seat.id)
      throw forbidden('recordings.scope', 'Agents may play only the calls their seat handled');
  }
  if (!row.recording_path) throw notFound('recordings.none', `Call ${callId} has no recording`);
  const root = resolve(ctx.config.dataDir, 'recordings');
  const path = resolve(row.recording_path);
  if (!path.startsWith(root + sep))
    throw new AppError(
      'internal',
      'recordings.outside_data_dir',
      `The recording of call ${callId} is stored outside ${join(ctx.config.dataDir, 'recordings')}`,
    );
  try {
    const info = await stat(path);
    return { callId, path, size: info.size };
  } catch {
    throw notFound('recordings.file_missing', `The recording file of call ${callId} is missing`);
  }
}

/** Bytes [start, end] of the file (inclusive) as a stream, for whole files and HTTP ranges. */
export function recordingStream(file: RecordingFile, start: number, end: number): ReadStream {
  return createReadStream(file.path, { start, end });
}
