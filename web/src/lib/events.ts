import { useEffect, useRef } from 'react';

// The realtime feed (/api/events): one WebSocket per page that wants it, JSON messages
// `{ event, data, at }` of the signed-in tenant only; reconnects after a drop.

export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
  at: number;
}

export function useEvents(onEvent: (e: LiveEvent) => void, enabled = true): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const open = () => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(`${scheme}://${location.host}/api/events`);
      socket.onmessage = (m) => handler.current(JSON.parse(String(m.data)) as LiveEvent);
      socket.onclose = () => {
        if (!stopped) retry = setTimeout(open, 3000);
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    };
  }, [enabled]);
}
