import { can } from '../../../shared/access';
import type { ResumptionStatus } from '../../../shared/enums';
import type { EnterprisePhase, PersonRef } from '../../../shared/schemas/resumption';
import type { schema } from '../../db/client';
import { actorOf, type Ctx } from '../../lib/context';
import { currentLiaisons } from '../liaisons/current';
import { enterprisePhaseView, loadPhaseBook } from './phases';
import { loadStatusOn } from './status';

/**
 * What the enterprise detail page shows of resumption: its phase (and why), today's status and
 * its liaison, plus the resumption actions this user may take on it.
 */
export async function resumptionFacts(
  ctx: Ctx,
  row: typeof schema.enterprises.$inferSelect,
): Promise<{
  phase: EnterprisePhase | null;
  resumptionStatus: ResumptionStatus;
  liaison: PersonRef | null;
  abilities: string[];
}> {
  const actor = actorOf(ctx);
  const today = ctx.clock.today();
  const [book, resumptionStatus, liaisons] = await Promise.all([
    loadPhaseBook(ctx.db, [row.id]),
    loadStatusOn(ctx.db, row.id, today),
    currentLiaisons(ctx.db, [row.id]),
  ]);
  const l = liaisons.get(row.id);
  const territory = ctx.scoper.divisionInScope(actor, row.divisionCode);
  const abilities: string[] = [];
  for (const a of ['resumption.override', 'liaison.assign'] as const)
    if (can(actor.role, a) && territory) abilities.push(a);
  for (const a of ['resumption.exempt', 'resumption.status', 'resumption.apply'] as const)
    if (can(actor.role, a)) abilities.push(a);
  return {
    phase: enterprisePhaseView(book, row, today),
    resumptionStatus,
    liaison: l ? { id: l.id, displayName: l.displayName } : null,
    abilities,
  };
}
