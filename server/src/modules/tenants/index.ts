export {
  DEFAULT_TENANT_ID,
  DEMO_TENANT_ID,
  ensureTenant,
  findTenant,
  resolveTenant,
  tenantSettings,
} from './tenants.service.ts';
