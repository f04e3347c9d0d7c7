export { buildApp } from './app.ts';
export { authOf, audit, hashToken, SESSION_COOKIE, type AuthInfo } from './auth-hook.ts';
