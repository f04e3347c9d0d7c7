import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { findRecording, recordingStream } from '../modules/inbound/index.ts';
import { isAppError } from '../platform/index.ts';
import { audit, authOf } from './auth-hook.ts';

// Playback of a call's recording (audio/wav). Every attempt is audited as an access to personal
// data: a play as allowed and in scope; an agent asking for another seat's call, or anyone asking
// for a call that is not in their tenant, as denied and out of scope (access_control_effectiveness).
const LISTENERS = ['admin', 'supervisor', 'auditor', 'agent'] as const;

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (RFC 9110 §14.1.2); one range only. */
function parseRange(header: string, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  return start <= end && start < size ? { start, end } : null;
}

export function registerRecordingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/calls/:id/recording',
    {
      config: { roles: LISTENERS },
      schema: {
        tags: ['calls'],
        summary:
          "A call's stereo recording (audio/wav, left customer, right agent; Range supported). " +
          'Admins, supervisors and auditors of the tenant; agents only their own calls',
        params: {
          type: 'object',
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['id'],
        },
      },
    },
    async (request, reply) => {
      const actor = authOf(request);
      const { id } = request.params as { id: string };
      const object = { type: 'recording', id, personalData: true };
      let file;
      try {
        file = await findRecording(ctx, actor, id);
      } catch (error) {
        // Refusals are audited; "no recording" and a missing file read nothing and are not.
        if (
          isAppError(error) &&
          (error.code === 'recordings.scope' || error.code === 'recordings.call_not_found')
        ) {
          await audit(ctx, request, 'denied', error.message, { ...object, inScope: false });
        }
        throw error;
      }
      const range = request.headers.range;
      let start = 0;
      let end = file.size - 1;
      if (range !== undefined) {
        const parsed = parseRange(range, file.size);
        if (!parsed) {
          // 416 with the file's size (RFC 9110 §15.5.17), in the usual error body.
          return reply
            .code(416)
            .header('Content-Range', `bytes */${file.size}`)
            .send({
              error: {
                code: 'recordings.bad_range',
                message: `Range "${range}" does not fit a file of ${file.size} bytes`,
                where: 'Range',
              },
            });
        }
        ({ start, end } = parsed);
        void reply.code(206).header('Content-Range', `bytes ${start}-${end}/${file.size}`);
      }
      await audit(ctx, request, 'allowed', 'recording played', { ...object, inScope: true });
      return reply
        .header('Content-Type', 'audio/wav')
        .header('Accept-Ranges', 'bytes')
        .header('Cache-Control', 'private, no-store')
        .header('Content-Length', end - start + 1)
        .header('Content-Disposition', `inline; filename="${id}.wav"`)
        .send(recordingStream(file, start, end));
    },
  );
}
