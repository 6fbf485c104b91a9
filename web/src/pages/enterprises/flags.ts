import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../../../../shared/enums';

/** Tag colours of the enterprise flags, one place for list and detail. */
export const FLAG_COLORS: Record<EnterpriseFlag, string> = {
  publicUtility: 'cyan',
  epidemicSupplies: 'green',
  cityOperation: 'geekblue',
  keyEnterprise: 'gold',
  hazardousChemicals: 'volcano',
  longTermShutdown: 'default',
};

export function flagsOf(e: Record<EnterpriseFlag, boolean>): EnterpriseFlag[] {
  return ENTERPRISE_FLAGS.filter((f) => e[f]);
}
