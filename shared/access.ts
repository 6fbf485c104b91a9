import type { Role } from './enums';

/**
 * Roles → actions, as data. Every route names one action here (or `public` / `authenticated`);
 * the server refuses to register a route without one, and the matrix test walks this table.
 * Row-level scope (which enterprises, which division) is applied separately by server/access/scope.ts.
 */
export const ACCESS = {
  'reference.read': [
    'admin',
    'auditor',
    'commander',
    'leader',
    'department',
    'district',
    'supervisor',
    'liaison',
    'enterprise',
  ],
  'enterprise.list': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'enterprise.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'enterprise.export': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  'enterprise.create': ['commander', 'district'],
  'enterprise.update': ['commander', 'district'],
  'enterprise.archive': ['commander', 'district'],
  'enterprise.import': ['commander', 'district'],
  /** Unmasked contact phone numbers (others see 138****1234). */
  'enterprise.viewPhone': ['commander', 'district', 'liaison', 'enterprise'],
  /** Supervision groups and squads (supervisors see only their own units). */
  'supervision.read': ['commander', 'leader', 'department', 'district', 'supervisor'],
  'supervision.manage': ['commander'],
  'checklist.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  'checklist.manage': ['commander'],
  'inspection.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  /** Inspect an enterprise in scope: squads, liaisons and department officers (and HQ, districts). */
  'inspection.conduct': ['commander', 'department', 'district', 'supervisor', 'liaison'],
  'hazard.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'hazard.create': ['commander', 'department', 'district', 'supervisor', 'liaison'],
  /** Take a lifecycle step; which step each role may take is shared/hazards.ts. */
  'hazard.transition': ['commander', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'hazard.stats': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  'hazard.escalate': ['commander'],
  'campaign.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  'campaign.manage': ['commander'],
  'responsibility.read': [
    'commander',
    'leader',
    'department',
    'district',
    'supervisor',
    'liaison',
    'enterprise',
  ],
  /** The list of enterprises whose matrix lacks a level (an oversight list: not for the enterprise itself). */
  'responsibility.incomplete': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  /** The enterprise names its principal and posts; district and HQ name every level. */
  'responsibility.update': ['commander', 'district', 'enterprise'],
  /** Name the district contact and the supervising department of a card (the enterprise names only its own people). */
  'responsibility.assignOfficials': ['commander', 'district'],
  'attachment.upload': ['commander', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'attachment.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  /** Resumption (复工): phases, applications, status history; scope decides which enterprises. */
  'resumption.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  /** Edit the phased plan (梯次). */
  'resumption.plan': ['commander'],
  /** Put one enterprise into another phase, with a reason (district: own territory). */
  'resumption.override': ['commander', 'district'],
  /** Exempt an enterprise from the phase-date gate. */
  'resumption.exempt': ['commander'],
  /** File, edit and submit an application: the enterprise, or its liaison on its behalf. */
  'resumption.apply': ['enterprise', 'liaison'],
  'resumption.review': ['commander', 'district'],
  /** On-site verification before approval (two-person rule). */
  'resumption.verify': ['liaison'],
  /** Report resumed / suspended / closed; the enterprise itself only its own restart. */
  'resumption.status': ['commander', 'district', 'enterprise'],
  /** Report a suspension or closure (the enterprise itself reports only its restart). */
  'resumption.suspend': ['commander', 'district'],
  /** Liaisons (派驻企业指导员): list, assign (auto and manual), coverage, visits. */
  'liaison.list': ['commander', 'district'],
  'liaison.assign': ['commander', 'district'],
  'liaison.coverage': ['commander', 'leader', 'district'],
  'liaison.visit': ['liaison'],
  'liaison.readVisits': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  /** A liaison's own page: their enterprises. */
  'liaison.mine': ['liaison'],
  /** Daily reports (日报告): the form, filing, figures, bulk upload, chasing; scope decides which enterprises. */
  'reportForm.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'reportForm.manage': ['commander'],
  'dailyReport.read': ['commander', 'leader', 'district', 'supervisor', 'liaison', 'enterprise'],
  /** The enterprise files its own; its liaison on its behalf; district and HQ correct (also after the lock). */
  'dailyReport.file': ['commander', 'district', 'liaison', 'enterprise'],
  /** Completeness/timeliness and the enterprises behind each figure (department: city-wide statistics). */
  'dailyReport.stats': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  'dailyReport.import': ['commander', 'district'],
  /** A district chases its own territory's non-reporters. */
  'dailyReport.chase': ['commander', 'district'],
  /** Abnormal-report alerts: read in scope; district, liaison and HQ record the action taken. */
  'alert.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'alert.acknowledge': ['commander', 'district', 'liaison'],
  /** Directives (指挥部令): HQ issues; enterprises (or their liaison) acknowledge and tick actions. */
  'directive.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'directive.issue': ['commander'],
  'directive.ack': ['enterprise', 'liaison'],
  'directive.compliance': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison'],
  /** A district chases its own territory's overdue acknowledgements. */
  'directive.chase': ['commander', 'district'],
  /** Enterprise demands (企业诉求); scope decides which (a department: where it leads or co-handles). */
  'demand.read': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  /** Raise a demand for an enterprise in scope (the leader as its contact leader). */
  'demand.create': ['commander', 'leader', 'district', 'supervisor', 'liaison', 'enterprise'],
  /** Take a lifecycle step; which step each role may take is shared/demands.ts. */
  'demand.transition': ['commander', 'department', 'liaison', 'enterprise'],
  /** Transfer to another department (the lead department) or reassign (HQ). */
  'demand.transfer': ['commander', 'department'],
  'demand.comment': ['commander', 'leader', 'department', 'district', 'supervisor', 'liaison', 'enterprise'],
  'demand.bulkAccept': ['commander', 'department'],
  /** A department's reply templates (HQ: every department's). */
  'demand.templates': ['commander', 'department'],
  'demand.stats': ['commander', 'leader', 'department', 'district', 'supervisor'],
  'demand.routing': ['commander', 'leader', 'department', 'district'],
  'demand.routingManage': ['commander'],
  'demand.escalate': ['commander'],
  /** The SMS / webhook outbox and its delivery state. */
  'outbox.read': ['commander'],
  /** KPIs (issue 6): figures, series, drill-down, export and the live stream; district: its own division. */
  'kpi.read': ['commander', 'leader', 'department', 'district'],
  /** Set the KPI targets. */
  'kpi.manage': ['commander'],
  /** The big screen (数据大屏) for the command-centre wall: web only, it reads through `kpi.read`. */
  'kpi.screen': ['commander', 'leader', 'district'],
  'user.manage': ['admin'],
  'audit.read': ['auditor'],
  'audit.verify': ['auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACCESS;
/** What a route requires: an action, any signed-in user, or nobody. */
export type RouteAccess = Action | 'authenticated' | 'public';

/** Whether a role may ever perform an action (scope is checked separately). */
export function can(role: Role, action: Action): boolean {
  return (ACCESS[action] as readonly Role[]).includes(role);
}

/** Every action a role may perform: the web app builds its menu from this. */
export function abilitiesOf(role: Role): Action[] {
  return (Object.keys(ACCESS) as Action[]).filter((a) => can(role, a));
}
