// Certificate and key for SIP over TLS (YUNHU_SIP_TLS_PORT): the PEM files named by
// YUNHU_SIP_TLS_CERT / YUNHU_SIP_TLS_KEY, or else a self-signed pair generated once into
// <dataDir>/sip-tls/ with the openssl command (spawned without a shell). Every failure stops the
// start with an error naming the variable and the file.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/index.ts';

type Config = AppContext['config'];

export interface SipTlsCredentials {
  cert: Buffer;
  key: Buffer;
  /** Where they came from, for the start-up log line. */
  certFile: string;
  generated: boolean;
}

const fail = (message: string, cause?: unknown): AppError =>
  new AppError('invalid_input', 'config.sip_tls', message, cause ? { cause } : {});

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw fail(`${variable}="${file}": cannot read the file (${reason})`, error);
  }
}

/** Runs openssl; a missing command or a failure is reported with its stderr. */
function openssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (!error) resolve();
      else {
        const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed' : stderr;
        reject(
          fail(
            `YUNHU_SIP_TLS_PORT is set without YUNHU_SIP_TLS_CERT / YUNHU_SIP_TLS_KEY and the ` +
              `self-signed certificate could not be generated with openssl (${why.trim()}): ` +
              'set both variables to PEM files',
            error,
          ),
        );
      }
    });
  });
}

/** A self-signed certificate for `host`, made once and reused on later starts. */
async function selfSigned(config: Config): Promise<{ certFile: string; keyFile: string }> {
  const dir = path.join(config.dataDir, 'sip-tls');
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) return { certFile, keyFile };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const host = config.sipHost;
  const san = isIP(host) ? `IP:${host}` : `DNS:${host}`;
  // openssl writes the key with mode 0600; ten years, since nobody renews a self-signed one.
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    `/CN=${host}`,
    '-addext',
    `subjectAltName=${san}`,
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  return { certFile, keyFile };
}

/** Null when TLS is off (port 0); otherwise the checked key and certificate. */
export async function loadSipTlsCredentials(config: Config): Promise<SipTlsCredentials | null> {
  if (config.sipTlsPort === 0) return null;
  const { sipTlsCert, sipTlsKey } = config;
  if ((sipTlsCert === undefined) !== (sipTlsKey === undefined)) {
    const missing = sipTlsCert === undefined ? 'YUNHU_SIP_TLS_CERT' : 'YUNHU_SIP_TLS_KEY';
    throw fail(
      `${missing} is not set: YUNHU_SIP_TLS_CERT and YUNHU_SIP_TLS_KEY go together ` +
        '(or leave both unset for a self-signed certificate)',
    );
  }
  const generated = sipTlsCert === undefined;
  const files =
    sipTlsCert !== undefined && sipTlsKey !== undefined
      ? { certFile: sipTlsCert, keyFile: sipTlsKey }
      : await selfSigned(config);
  const cert = readPem('YUNHU_SIP_TLS_CERT', files.certFile);
  const key = readPem('YUNHU_SIP_TLS_KEY', files.keyFile);
  try {
    // Checks now what the TLS server would only find out at the first handshake.
    createSecureContext({ cert, key });
  } catch (error) {
    throw fail(
      `YUNHU_SIP_TLS_CERT="${files.certFile}" / YUNHU_SIP_TLS_KEY="${files.keyFile}": ` +
        `not a usable PEM certificate and matching unencrypted key (${(error as Error).message})`,
      error,
    );
  }
  return { cert, key, certFile: files.certFile, generated };
}
