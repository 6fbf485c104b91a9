import type { FastifyBaseLogger } from 'fastify';
import type { Locale, Role } from '../../shared/enums';
import type { DivisionTree } from '../access/divisions';
import type { Scoper } from '../access/scope';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { KpiSource } from '../modules/kpis/events';
import type { KpiMemory } from '../modules/kpis/memory';
import type { Reference } from './reference';

/** The signed-in user a request acts for. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string | null;
  departmentCode: string | null;
  enterpriseId: number | null;
  locale: Locale;
  /** Set after an administrator's reset: until changed, only the account routes answer. */
  mustChangePassword?: boolean;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

/** What a service function needs from the request: who, when, where, in which language. */
export interface Ctx {
  db: Db;
  clock: Clock;
  scoper: Scoper;
  tree: DivisionTree;
  ref: Reference;
  actor: Actor | null;
  ip: string | null;
  locale: Locale;
  /** Set by the audit writer; a state-changing request that never sets it is a bug (caught in tests). */
  audited: boolean;
  /**
   * Set by the audit writer when a user or an API token changed: once the request is answered (its
   * transaction committed) the instance forgets the actors it cached for tokens.
   */
  accountsChanged?: boolean;
  /**
   * Announces a committed KPI change to every instance's live streams soon after (coalesced), for
   * writes done outside a transaction; set for HTTP requests (server/modules/kpis/events.ts).
   */
  announceKpi?: (source: KpiSource, divisions: string[] | null, from?: string) => void;
  /**
   * Set by notifyKpi: what the request's writes changed (per source, the divisions, null:
   * anywhere; and the first day changed, null: any). Once the request is answered (its
   * transaction committed) the instance forgets the figures it keeps for them
   * (server/modules/kpis/memory.ts); other instances do when the notice arrives.
   */
  kpiChanged?: { source: KpiSource; divisions: string[] | null; from: string | null }[];
  /** This instance's KPI figures kept in memory (kpis/memory.ts); unset: computed live. */
  kpiMemory?: KpiMemory;
  /** The request's logger, for work whose failure is handled but worth knowing about. */
  log?: FastifyBaseLogger;
}

/** The actor of a request that requires one (routes with an access rule always have one). */
export function actorOf(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Error('actor required');
  return ctx.actor;
}
