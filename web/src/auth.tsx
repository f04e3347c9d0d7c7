import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from './api/client.ts';
import type { User } from './api/types.ts';
import { setTimeZone } from './lib/format.ts';

interface AuthState {
  user: User | null;
  /** True until the first /api/auth/me answers. */
  checking: boolean;
  login: (input: { tenant?: string; username: string; password: string }) => Promise<User>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

// The session cookie is httpOnly, so the page cannot see it. This flag remembers that a sign-in
// happened, so a fresh visitor goes straight to the login form instead of asking /api/auth/me
// for a 401 (which the browser would log as a console error).
const HINT = 'yunhu.session';
const hint = {
  get: () => {
    try {
      return localStorage.getItem(HINT) === '1';
    } catch {
      return true;
    }
  },
  set: (on: boolean) => {
    try {
      if (on) localStorage.setItem(HINT, '1');
      else localStorage.removeItem(HINT);
    } catch {
      // Storage unavailable: /api/auth/me is asked every time instead.
    }
  },
};

/** /api/auth/me may answer { user } or the user itself. */
function unwrapUser(body: unknown): User | null {
  if (!body || typeof body !== 'object') return null;
  const o = body as { user?: User } & Partial<User>;
  const u = o.user ?? (o.id && o.role ? (o as User) : null);
  if (u) setTimeZone(u.timeZone);
  return u;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(hint.get);

  useEffect(() => {
    let alive = true;
    const off = onUnauthorized(() => {
      hint.set(false);
      setUser(null);
    });
    if (!hint.get()) return off;
    api
      .get<unknown>('/api/auth/me')
      .then((b) => alive && setUser(unwrapUser(b)))
      .catch(() => {
        hint.set(false);
        if (alive) setUser(null);
      })
      .finally(() => alive && setChecking(false));
    return () => {
      alive = false;
      off();
    };
  }, []);

  const login = useCallback(
    async (input: { tenant?: string; username: string; password: string }) => {
      const body = await api.post<unknown>('/api/auth/login', {
        ...(input.tenant ? { tenant: input.tenant } : {}),
        username: input.username,
        password: input.password,
      });
      const u = unwrapUser(body);
      if (!u) throw new ApiError(500, 'auth.shape', 'Unexpected login answer');
      hint.set(true);
      setUser(u);
      return u;
    },
    [],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      hint.set(false);
      setUser(null);
    }
  }, []);

  return (
    <AuthContext.Provider value={{ user, checking, login, logout }}>
      {children}
    </AuthContext.Provider>
  );
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
