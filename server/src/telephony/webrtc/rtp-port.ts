// A loopback RTP/RTCP socket pair (even port, odd port + 1) that the B2BUA's media leg talks to.
import dgram, { type Socket } from 'node:dgram';

export interface RtpPort {
  rtp: Socket;
  rtcp: Socket;
  port: number;
  close(): void;
}

function bind(socket: Socket, port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const onError = () => resolve(false);
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      resolve(true);
    });
  });
}

export async function openRtpPort(address: string): Promise<RtpPort> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const rtp = dgram.createSocket('udp4');
    if (!(await bind(rtp, 0, address))) {
      rtp.close();
      continue;
    }
    const port = rtp.address().port;
    const rtcp = dgram.createSocket('udp4');
    if (port % 2 === 0 && (await bind(rtcp, port + 1, address))) {
      // ICMP errors from a closed far end must not crash the process.
      rtp.on('error', () => undefined);
      rtcp.on('error', () => undefined);
      rtcp.on('message', () => undefined); // RTCP from the engine: not needed here
      return {
        rtp,
        rtcp,
        port,
        close() {
          rtp.close();
          rtcp.close();
        },
      };
    }
    rtp.close();
    rtcp.close();
  }
  throw new Error('webrtc gateway: no free loopback RTP port pair after 20 attempts');
}
