export { registerRealtimeRoutes } from './events.routes.ts';
