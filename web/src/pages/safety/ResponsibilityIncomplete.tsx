import { Button, Flex, Select, type TableColumnsType, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RESPONSIBILITY_LEVELS } from '../../../../shared/schemas/safety';
import { useIncompleteResponsibility } from '../../api/safety';
import type { IncompleteItem } from '../../api/types';
import { useMe } from '../../auth';
import { ListPage } from '../../components/ListPage';
import { PagedTable } from '../../components/PagedTable';
import { DistrictSelect } from '../../components/ReferenceSelects';
import { useUrlState } from '../../lib/useUrlState';

const FILTER_KEYS = ['division', 'missing', 'page', 'pageSize'] as const;

/**
 * /responsibility/incomplete — enterprises in scope whose four levels of responsibility (四级责任)
 * are not all named, with what is missing; each links to the enterprise's responsibility card.
 */
export default function ResponsibilityIncomplete() {
  const { t } = useTranslation();
  const me = useMe();
  const { values: f, update, clear } = useUrlState(FILTER_KEYS);
  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 20;
  const list = useIncompleteResponsibility({ division: f.division, missing: f.missing, page, pageSize });

  const columns: TableColumnsType<IncompleteItem> = [
    {
      title: t('hazard.fields.enterprise'),
      dataIndex: 'enterpriseName',
      ellipsis: true,
      render: (_, r) => (
        <Link to={`/enterprises/${r.enterpriseId}#responsibility`} data-testid="incomplete-link">
          {r.enterpriseName}
        </Link>
      ),
    },
    { title: t('hazard.fields.division'), dataIndex: 'divisionName', width: 140 },
    {
      title: t('incomplete.missing'),
      dataIndex: 'missing',
      width: 280,
      render: (missing: IncompleteItem['missing']) => (
        <Flex wrap gap={4}>
          {missing.map((m) => (
            <Tag key={m} color="warning">
              {t(`responsibility.levels.${m}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <ListPage
      title={t('incomplete.title')}
      filters={
        <>
          {me.role !== 'district' && (
            <DistrictSelect
              allowClear
              value={f.division}
              onChange={(v) => update({ division: v })}
              style={{ width: 160 }}
              data-testid="incomplete-division"
            />
          )}
          <Select
            allowClear
            placeholder={t('incomplete.missingFilter')}
            value={f.missing}
            onChange={(v) => update({ missing: v })}
            options={RESPONSIBILITY_LEVELS.map((l) => ({ value: l, label: t(`responsibility.levels.${l}`) }))}
            style={{ width: 160 }}
            data-testid="incomplete-missing"
          />
          {(f.division || f.missing) && (
            <Button type="link" onClick={clear}>
              {t('common.resetFilters')}
            </Button>
          )}
        </>
      }
    >
      <PagedTable<IncompleteItem>
        data-testid="incomplete-table"
        query={list}
        rowKey="enterpriseId"
        columns={columns}
        page={page}
        pageSize={pageSize}
        showSizeChanger
        onPage={(p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps })}
        minWidth={640}
      />
    </ListPage>
  );
}
