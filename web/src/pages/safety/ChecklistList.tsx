import { Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HAZARD_LINE_LABELS, HAZARD_LINES } from '../../../../shared/enums';
import { useChecklists, useChecklistVersions } from '../../api/safety';
import type { ChecklistView } from '../../api/types';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage, NewButton, ScrollX } from '../../components/ListPage';
import { QueryGate } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';

const FILTER_KEYS = ['line', 'all'] as const;

/** /checklists — checklist templates (current versions; retired ones on request); the commander edits them. */
export default function ChecklistList() {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const all = f.all === 'true';
  const current = useChecklists(!all);
  const versions = useChecklistVersions(all);
  const query = all ? versions : current;

  const columns: TableColumnsType<ChecklistView> = [
    {
      title: t('checklist.fields.name'),
      dataIndex: 'name',
      render: (_, c) => (
        <Link to={`/checklists/${c.id}`} data-testid="checklist-link">
          {name(c)}
        </Link>
      ),
    },
    {
      title: t('hazard.fields.line'),
      dataIndex: 'line',
      width: 120,
      render: (v: ChecklistView['line']) => <StatusTag value={v} labels={HAZARD_LINE_LABELS} />,
    },
    {
      title: t('checklist.fields.version'),
      dataIndex: 'version',
      width: 130,
      render: (v: number, c) => (
        <>
          v{v}{' '}
          {c.current ? (
            <Tag color="success">{t('checklist.current')}</Tag>
          ) : (
            <Tag>{t('checklist.retired')}</Tag>
          )}
        </>
      ),
    },
    {
      title: t('checklist.fields.items'),
      key: 'items',
      width: 100,
      align: 'right',
      render: (_, c) => c.items.length,
    },
    {
      title: t('checklist.fields.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <ListPage
      title={t('checklist.title')}
      actions={
        <NewButton access="checklist.manage" to={'/checklists/new'} testId="checklist-new">
          {t('checklist.create')}
        </NewButton>
      }
      filters={
        <>
          <EnumSelect
            values={HAZARD_LINES}
            labels={HAZARD_LINE_LABELS}
            placeholder={t('hazard.fields.line')}
            value={f.line}
            onChange={(v) => update({ line: v })}
            style={{ width: 140 }}
          />
          <Typography.Text>
            <Switch size="small" checked={all} onChange={(v) => update({ all: v ? 'true' : undefined })} />{' '}
            {t('checklist.showRetired')}
          </Typography.Text>
        </>
      }
    >
      <QueryGate query={query}>
        {(data) => (
          <ScrollX minWidth={720}>
            <Table<ChecklistView>
              rowKey="id"
              size="middle"
              pagination={false}
              loading={query.isFetching}
              columns={columns}
              dataSource={data.items.filter((c) => !f.line || c.line === f.line)}
              locale={{ emptyText: t('checklist.empty') }}
              data-testid="checklist-table"
            />
          </ScrollX>
        )}
      </QueryGate>
    </ListPage>
  );
}
