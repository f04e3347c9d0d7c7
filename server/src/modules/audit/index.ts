export {
  listAudit,
  writeAudit,
  type AuditEntry,
  type AuditQuery,
  type AuditView,
} from './audit.service.ts';
