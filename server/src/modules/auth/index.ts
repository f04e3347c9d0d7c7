export {
  ROLES,
  roleSchema,
  loginSchema,
  changePasswordSchema,
  createUserSchema,
  updateUserSchema,
  userQuerySchema,
  type LoginInput,
  type CreateUserInput,
  type UpdateUserInput,
  type UserQuery,
} from './auth.schema.ts';
export { hashPassword, verifyPassword, generatePassword, MIN_PASSWORD_LENGTH } from './password.ts';
export { LoginRateLimiter, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS } from './rate-limit.ts';
export {
  createSession,
  deleteSession,
  deleteUserSessions,
  hashSessionToken,
} from './sessions.service.ts';
export {
  authenticate,
  changePassword,
  createUser,
  getUser,
  listUsers,
  resetPassword,
  tenantIdOf,
  toUserView,
  updateUser,
  type UserView,
} from './users.service.ts';
