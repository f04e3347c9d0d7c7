import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from './api/types.ts';
import type { DictKey } from './i18n/index.ts';

// Every page, who may open it, and where it sits in the side menu. Pages load lazily so the
// first screen only carries the layout.

export interface PageProps {
  params: Record<string, string>;
}

export interface RouteDef {
  path: string;
  title: DictKey;
  /** Title for agents when it differs (their lists are "my …"). */
  agentTitle?: DictKey;
  roles: readonly Role[];
  group?: 'crm' | 'admin';
  /** Hidden routes are reachable by link only (detail pages). */
  hidden?: boolean;
  component: LazyExoticComponent<ComponentType<PageProps>>;
}

const ALL: readonly Role[] = ['admin', 'supervisor', 'agent', 'auditor'];
const MANAGERS: readonly Role[] = ['admin', 'supervisor'];

// Pages use named exports (house style); React.lazy wants a default, so adapt here.
function page<K extends string>(
  load: () => Promise<Record<K, ComponentType<PageProps>>>,
  name: K,
): LazyExoticComponent<ComponentType<PageProps>> {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const ROUTES: readonly RouteDef[] = [
  {
    path: '/workspace',
    title: 'menuWorkspace',
    roles: ['admin', 'agent'],
    component: page(() => import('./pages/workspace/WorkspacePage.tsx'), 'WorkspacePage'),
  },
  {
    path: '/wallboard',
    title: 'menuWallboard',
    roles: MANAGERS,
    component: page(() => import('./pages/wallboard/WallboardPage.tsx'), 'WallboardPage'),
  },
  {
    path: '/campaigns',
    title: 'menuCampaigns',
    roles: MANAGERS,
    component: page(() => import('./pages/campaigns/CampaignsPage.tsx'), 'CampaignsPage'),
  },
  {
    path: '/evaluation',
    title: 'menuEvaluation',
    roles: ['admin', 'supervisor', 'auditor'],
    component: page(() => import('./pages/evaluation/EvaluationPage.tsx'), 'EvaluationPage'),
  },
  {
    path: '/crm/customers',
    title: 'menuCustomers',
    agentTitle: 'menuMyCustomers',
    roles: ['admin', 'supervisor', 'agent'],
    group: 'crm',
    component: page(() => import('./pages/crm/CustomersPage.tsx'), 'CustomersPage'),
  },
  {
    path: '/crm/customers/:id',
    title: 'customerDetail',
    roles: ['admin', 'supervisor', 'agent'],
    group: 'crm',
    hidden: true,
    component: page(() => import('./pages/crm/CustomerDetailPage.tsx'), 'CustomerDetailPage'),
  },
  {
    path: '/crm/leads',
    title: 'menuLeads',
    agentTitle: 'menuMyLeads',
    roles: ['admin', 'supervisor', 'agent'],
    group: 'crm',
    component: page(() => import('./pages/crm/LeadsPage.tsx'), 'LeadsPage'),
  },
  {
    path: '/crm/follow-ups',
    title: 'menuFollowUps',
    roles: MANAGERS,
    group: 'crm',
    component: page(() => import('./pages/crm/FollowUpsPage.tsx'), 'FollowUpsPage'),
  },
  {
    path: '/crm/deals',
    title: 'menuDeals',
    roles: MANAGERS,
    group: 'crm',
    component: page(() => import('./pages/crm/DealsPage.tsx'), 'DealsPage'),
  },
  {
    path: '/crm/tickets',
    title: 'menuTickets',
    roles: MANAGERS,
    group: 'crm',
    component: page(() => import('./pages/crm/TicketsPage.tsx'), 'TicketsPage'),
  },
  {
    path: '/crm/complaints',
    title: 'menuComplaints',
    roles: MANAGERS,
    group: 'crm',
    component: page(() => import('./pages/crm/ComplaintsPage.tsx'), 'ComplaintsPage'),
  },
  {
    path: '/crm/imports',
    title: 'menuImports',
    roles: MANAGERS,
    group: 'crm',
    component: page(() => import('./pages/crm/ImportsPage.tsx'), 'ImportsPage'),
  },
  {
    path: '/planning',
    title: 'menuPlanning',
    roles: MANAGERS,
    component: page(() => import('./pages/wfm/PlannerPage.tsx'), 'PlannerPage'),
  },
  {
    path: '/admin/users',
    title: 'menuUsers',
    roles: ['admin'],
    group: 'admin',
    component: page(() => import('./pages/admin/UsersPage.tsx'), 'UsersPage'),
  },
  {
    path: '/admin/teams',
    title: 'menuTeams',
    roles: ['admin'],
    group: 'admin',
    component: page(() => import('./pages/admin/TeamsPage.tsx'), 'TeamsPage'),
  },
  {
    path: '/admin/evaluation-settings',
    title: 'menuEvaluationSettings',
    roles: ['admin'],
    group: 'admin',
    component: page(
      () => import('./pages/admin/EvaluationSettingsPage.tsx'),
      'EvaluationSettingsPage',
    ),
  },
  {
    path: '/admin/queues',
    title: 'menuQueues',
    roles: ['admin'],
    group: 'admin',
    component: page(() => import('./pages/admin/QueuesPage.tsx'), 'QueuesPage'),
  },
  {
    path: '/admin/ivr',
    title: 'menuIvrFlows',
    roles: ['admin'],
    group: 'admin',
    component: page(() => import('./pages/admin/IvrFlowsPage.tsx'), 'IvrFlowsPage'),
  },
  {
    path: '/admin/trunks',
    title: 'menuTrunks',
    roles: ['admin'],
    group: 'admin',
    component: page(() => import('./pages/admin/TrunksPage.tsx'), 'TrunksPage'),
  },
  {
    path: '/audit',
    title: 'menuAudit',
    roles: ['admin', 'auditor'],
    component: page(() => import('./pages/admin/AuditPage.tsx'), 'AuditPage'),
  },
];

export const canOpen = (route: RouteDef, role: Role): boolean => route.roles.includes(role);

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'agent':
      return '/workspace';
    case 'auditor':
    case 'admin':
    case 'supervisor':
      return '/evaluation';
  }
}

export const everyRole = ALL;
