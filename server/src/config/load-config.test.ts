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
