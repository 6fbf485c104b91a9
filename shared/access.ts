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
