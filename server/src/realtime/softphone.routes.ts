import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { authOf } from '../http/index.ts';
import { softphoneUserOf, telephonyOf } from '../modules/calls/index.ts';
import { maskPhone } from '../platform/index.ts';
import type { SoftphoneEvent, SoftphoneRequest } from '../telephony/webrtc/index.ts';

// The browser softphone's signalling channel (/api/softphone/ws): the signed-in user's agent seat
// is connected to the WebRTC gateway while the socket is open, so the ACD can ring it. Messages
// are JSON, validated here; a bad one is answered with an error event naming the problem.

const callId = z.string().min(1).max(64);
const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), callId, sdp: z.string().min(1).max(20_000) }),
  z.object({ type: z.literal('reject'), callId }),
  z.object({ type: z.literal('hangup'), callId }),
  z.object({
    type: z.literal('dtmf'),
    callId,
    digits: z.string().regex(/^[0-9*#A-D]{1,32}$/, 'digits are 0-9, *, #, A-D'),
  }),
  z.object({ type: z.literal('hold'), callId, on: z.boolean() }),
  z.object({ type: z.literal('mute'), callId, on: z.boolean() }),
  z.object({ type: z.literal('transfer'), callId, target: z.string().min(1).max(64) }),
  z.object({ type: z.literal('ping') }),
]) satisfies z.ZodType<SoftphoneRequest>;

export function registerSoftphoneRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/softphone/ws', { websocket: true }, (socket, request) => {
    const { tenantId, userId, role } = authOf(request);
    const send = (event: SoftphoneEvent) => {
      if (socket.readyState !== socket.OPEN) return;
      // Agents see the caller's number masked (138****5678), as everywhere else.
      const shown =
        event.type === 'incoming' && role === 'agent'
          ? { ...event, from: '', to: '', number: event.number ? maskPhone(event.number) : null }
          : event;
      socket.send(JSON.stringify(shown));
    };
    const fail = (message: string) => {
      send({ type: 'error', message });
      socket.close(1008, message.slice(0, 120));
    };
    const runtime = telephonyOf(ctx);
    if (!runtime) return fail('SIP is off on this server (YUNHU_SIP_PORT=0): no softphone');
    // Messages that arrive while the seat is looked up wait for it.
    const pending: string[] = [];
    let handle: ((raw: string) => void) | undefined;
    socket.on('message', (raw: Buffer) =>
      handle ? handle(raw.toString()) : pending.push(raw.toString()),
    );
    void ctx.db.kysely
      .selectFrom('agents')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
      .then((agent) => {
        if (!agent) return fail('this user has no agent seat (坐席): ask an admin to create one');
        if (socket.readyState !== socket.OPEN) return;
        const connection = runtime.softphones.connect(
          softphoneUserOf({ tenantId, agentId: agent.id }),
          send,
        );
        socket.on('close', () => void connection.close());
        handle = (raw) => {
          let json: unknown;
          try {
            json = JSON.parse(raw);
          } catch {
            return send({ type: 'error', message: 'softphone message is not JSON' });
          }
          const parsed = requestSchema.safeParse(json);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            return send({
              type: 'error',
              message: `softphone message: ${issue?.path.join('.') || 'type'}: ${issue?.message ?? 'invalid'}`,
            });
          }
          void connection.handle(parsed.data);
        };
        for (const raw of pending.splice(0)) handle(raw);
        ctx.bus.emit('softphone.connected', { tenantId, agentId: agent.id, at: ctx.clock.now() });
        socket.on('close', () =>
          ctx.bus.emit('softphone.disconnected', {
            tenantId,
            agentId: agent.id,
            at: ctx.clock.now(),
          }),
        );
      })
      .catch((error: unknown) => {
        ctx.logger.warn({ err: error }, 'softphone: seat look-up failed');
        fail('softphone: the agent seat could not be read');
      });
  });
}
