import { describe, expect, it } from 'vitest';
import { generatePassword } from './password.ts';
import { LoginRateLimiter } from './rate-limit.ts';

describe('LoginRateLimiter', () => {
  it('refuses the 4th attempt after 3 failures until the oldest leaves the window', () => {
    const limiter = new LoginRateLimiter(1000, 3);
    limiter.fail('1.1.1.1', 'Admin', 0);
    limiter.fail('1.1.1.1', 'admin', 100);
    expect(limiter.retryAfter('1.1.1.1', 'admin', 200)).toBe(0);
    limiter.fail('1.1.1.1', 'admin', 200);
    // Usernames compare case-insensitively; the first failure (t=0) expires at t=1000.
    expect(limiter.retryAfter('1.1.1.1', 'ADMIN', 300)).toBe(700);
    expect(limiter.retryAfter('1.1.1.2', 'admin', 300)).toBe(0);
    expect(limiter.retryAfter('1.1.1.1', 'other', 300)).toBe(0);
    expect(limiter.retryAfter('1.1.1.1', 'admin', 1001)).toBe(0);
  });

  it('forgets the failures after a successful login', () => {
    const limiter = new LoginRateLimiter(1000, 2);
    limiter.fail('ip', 'u', 0);
    limiter.fail('ip', 'u', 1);
    expect(limiter.retryAfter('ip', 'u', 2)).toBe(998);
    limiter.succeed('ip', 'u');
    expect(limiter.retryAfter('ip', 'u', 2)).toBe(0);
  });
});

describe('generatePassword', () => {
  it('gives 16 characters without look-alikes, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
    expect(generatePassword(40)).toHaveLength(40);
  });
});
