export { canSeePhone, pagingShape, type Actor, type Page } from './crm.types.ts';
export {
  customerCreateSchema,
  customerPatchSchema,
  customerQuerySchema,
  type CustomerCreateInput,
  type CustomerPatchInput,
  type CustomerQuery,
} from './customers.schema.ts';
export {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
  type CustomerView,
} from './customers.service.ts';
export { dialTarget, type DialTarget, type DialTargetInput } from './dial-target.ts';
export { customerHistory, type CustomerHistory, type CallSummary } from './history.service.ts';
export {
  intentLevelSchema,
  leadAssignSchema,
  leadCreateSchema,
  leadPatchSchema,
  leadQuerySchema,
  type LeadCreateInput,
  type LeadPatchInput,
  type LeadQuery,
} from './leads.schema.ts';
export {
  assignLead,
  claimLead,
  createLead,
  deleteLead,
  getLead,
  listLeads,
  returnLead,
  updateLead,
  type LeadView,
} from './leads.service.ts';
export type { FieldSpec, ResourceSpec, Row } from './resource.types.ts';
export { RESOURCES } from './resources.ts';
export {
  createResource,
  deleteResource,
  getResource,
  listResource,
  resourceSchemas,
  updateResource,
  type ResourceSchemas,
} from './resource.service.ts';
