import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLE_SCOPE, type Role } from '../../../shared/enums';
import { api } from '../api/client';
import { useDepartments, useDivisionIndex } from '../api/reference';
import type { EnterpriseView } from '../api/types';
import { useLocale } from '../i18n';

interface ScopeHolder {
  role: Role;
  divisionCode: string | null;
  departmentCode: string | null;
  enterpriseId: number | null;
  enterpriseName?: string | null;
}

/** The scope of an account in words: its division, department or enterprise, or city-wide. */
export function ScopeText({
  holder,
  linkEnterprise = false,
}: {
  holder: ScopeHolder;
  linkEnterprise?: boolean;
}) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { byCode } = useDivisionIndex();
  const { data: departments } = useDepartments();
  // An enterprise account's own scope names its enterprise; fetched only where the user may read it.
  const needName =
    ROLE_SCOPE[holder.role] === 'enterprise' && !!holder.enterpriseId && !holder.enterpriseName;
  const { data: enterprise } = useQuery({
    queryKey: ['enterprise', String(holder.enterpriseId)],
    queryFn: ({ signal }) =>
      api.get<EnterpriseView>(`/api/enterprises/${holder.enterpriseId}`, undefined, signal),
    enabled: needName && linkEnterprise,
  });
  switch (ROLE_SCOPE[holder.role]) {
    case 'division':
      return <>{holder.divisionCode ? name(byCode.get(holder.divisionCode), holder.divisionCode) : '—'}</>;
    case 'department':
      return (
        <>
          {holder.departmentCode
            ? name(
                departments?.find((d) => d.code === holder.departmentCode),
                holder.departmentCode,
              )
            : '—'}
        </>
      );
    case 'enterprise': {
      if (!holder.enterpriseId) return <>—</>;
      const text =
        holder.enterpriseName ?? enterprise?.name ?? t('scope.enterpriseNo', { id: holder.enterpriseId });
      return linkEnterprise ? <Link to={`/enterprises/${holder.enterpriseId}`}>{text}</Link> : text;
    }
    default:
      return (
        <>{holder.role === 'admin' || holder.role === 'auditor' ? t('scope.system') : t('scope.city')}</>
      );
  }
}
