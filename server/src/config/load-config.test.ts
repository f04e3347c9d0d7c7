import { describe, expect, it } from 'vitest';
import { configurationMarkdown, describeConfig, loadConfig } from './index.ts';
import { readFileSync } from 'node:fs';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.httpPort).toBe(3000);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.demo).toBe(true);
    expect(config.rtpPorts).toEqual({ from: 20000, to: 29999 });
    expect(config.timeZone).toBe('Asia/Shanghai');
  });

  it('names every bad variable and why, in one error', () => {
    expect(() =>
      loadConfig({
        YUNHU_HTTP_PORT: 'eighty',
        YUNHU_RTP_PORTS: '30000-20000',
        YUNHU_DEMO: 'maybe',
      }),
    ).toThrow(
      /YUNHU_HTTP_PORT="eighty"[\s\S]*YUNHU_DEMO="maybe"[\s\S]*YUNHU_RTP_PORTS="30000-20000": range must lie/,
    );
  });

  it('refuses database and Redis URLs of another scheme, and hosts that are no address', () => {
    // mysql://x once became a SQLite file at ./mysql:/x; 999.1.1.1 failed later with a stack.
    expect(() => loadConfig({ YUNHU_DATABASE_URL: 'mysql://u:pw@db/x' })).toThrow(
      'YUNHU_DATABASE_URL=***: unsupported scheme "mysql:": use a file path, sqlite://<file> or postgres://…',
    );
    expect(() => loadConfig({ YUNHU_REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      'YUNHU_REDIS_URL=***: unsupported scheme "http:": use redis://host:6379 or rediss://…',
    );
    expect(() => loadConfig({ YUNHU_REDIS_URL: 'localhost' })).toThrow(
      'YUNHU_REDIS_URL=***: not a URL: use redis://host:6379',
    );
    expect(() => loadConfig({ YUNHU_HTTP_HOST: '999.1.1.1', YUNHU_SIP_HOST: 'a b' })).toThrow(
      /YUNHU_HTTP_HOST="999\.1\.1\.1": expected an IP address or a host name[\s\S]*YUNHU_SIP_HOST="a b": expected/,
    );
    // Nothing reads it yet: a second node would have shared no state, without a word.
    expect(() => loadConfig({ YUNHU_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      'YUNHU_REDIS_URL=***: state shared through Redis is not implemented yet: leave it unset',
    );
    // SIP over TLS is served now (calls/runtime.ts); a bad port is still refused.
    expect(() => loadConfig({ YUNHU_SIP_TLS_PORT: '70000' })).toThrow(/YUNHU_SIP_TLS_PORT="70000"/);
    const tls = loadConfig({
      YUNHU_SIP_TLS_PORT: '5061',
      YUNHU_SIP_TLS_CERT: '/etc/yunhu/sip.crt',
      YUNHU_SIP_TLS_KEY: '/etc/yunhu/sip.key',
    });
    expect([tls.sipTlsPort, tls.sipTlsCert, tls.sipTlsKey]).toEqual([
      5061,
      '/etc/yunhu/sip.crt',
      '/etc/yunhu/sip.key',
    ]);
    const ok = loadConfig({
      YUNHU_DATABASE_URL: 'postgresql://postgres@127.0.0.1/yunhu',
      YUNHU_HTTP_HOST: '::1',
      YUNHU_SIP_HOST: 'pbx.example.cn',
    });
    expect(ok.httpHost).toBe('::1');
    for (const url of ['./data/x.db', 'sqlite://data/x.db', ':memory:', 'C:/yunhu/x.db']) {
      expect(loadConfig({ YUNHU_DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('never echoes a sensitive value in an error or a description', () => {
    let message = '';
    try {
      loadConfig({ YUNHU_ADMIN_PASSWORD: 'short' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('YUNHU_ADMIN_PASSWORD=***');
    expect(message).not.toContain('short');
    const described = describeConfig(loadConfig({ YUNHU_ADMIN_PASSWORD: 'longenough-secret' }));
    expect(described.YUNHU_ADMIN_PASSWORD).toBe('***');
  });

  it('parses flags and ports', () => {
    const config = loadConfig({
      YUNHU_DEMO: '0',
      YUNHU_HTTP_PORT: '8080',
      YUNHU_SIP_HOST: '127.0.0.1',
    });
    expect(config.demo).toBe(false);
    expect(config.httpPort).toBe(8080);
    expect(config.sipHost).toBe('127.0.0.1');
  });

  it('keeps docs/configuration.md in step with the schema', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(doc).toContain(configurationMarkdown());
  });
});
