import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DIRECTIVE_TARGET_STATUS_LABELS } from '../../../../../shared/enums';
import { type DirectiveChaseResult, type DirectiveView, useDirectives } from '../../../api/report-oversight';
import { useMe } from '../../../auth';
import { ListPage } from '../../../components/ListPage';
import { PagedTable } from '../../../components/PagedTable';
import { StatusTag } from '../../../components/StatusTag';
import { formatDateTime } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { ChaseDirectivesButton, DirectiveChaseOutcome } from './ChaseDirectives';

const FILTER_KEYS = ['state', 'page'] as const;
export const TARGET_COLORS = { pending: 'orange', acknowledged: 'blue', completed: 'green' } as const;

/** /directives — directives (指挥部令) in scope, newest first; an enterprise sees its own progress. */
export default function DirectiveList() {
  const { t } = useTranslation();
  const me = useMe();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const page = Number(f.page) || 1;
  const list = useDirectives({ state: f.state, page, pageSize: 20 });
  const [chased, setChased] = useState<DirectiveChaseResult | null>(null);
  const isEnterprise = me.role === 'enterprise';

  const columns: TableColumnsType<DirectiveView> = [
    {
      title: t('directive.title'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/directives/${r.id}`} data-testid={`directive-${r.id}`}>
          {v}
        </Link>
      ),
    },
    {
      title: t('directive.issuedAt'),
      dataIndex: 'issuedAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('directive.dueDate'),
      dataIndex: 'dueDate',
      width: 150,
      render: (v: string, r) => (
        <>
          {v} {r.overdue && <Tag color="red">{t('directive.overdue')}</Tag>}
        </>
      ),
    },
    isEnterprise
      ? {
          title: t('directive.myStatus'),
          key: 'mine',
          width: 120,
          render: (_, r) =>
            r.mine ? (
              <StatusTag
                value={r.mine.status}
                labels={DIRECTIVE_TARGET_STATUS_LABELS}
                colors={TARGET_COLORS}
              />
            ) : (
              '—'
            ),
        }
      : { title: t('directive.targetCount'), dataIndex: 'targetCount', width: 120, align: 'right' },
  ];

  return (
    <ListPage
      title={t('directive.listTitle')}
      actions={
        <>
          {me.abilities.includes('directive.chase') && <ChaseDirectivesButton onResult={setChased} />}
          {me.abilities.includes('directive.issue') && (
            <Link to="/directives/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="directive-new">
                {t('directive.issue')}
              </Button>
            </Link>
          )}
        </>
      }
      filters={
        <Segmented<string>
          value={f.state ?? 'all'}
          onChange={(v) => update({ state: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: t('directive.state.all') },
            { value: 'open', label: t('directive.state.open') },
            { value: 'overdue', label: t('directive.state.overdue') },
          ]}
        />
      }
    >
      {chased && <DirectiveChaseOutcome result={chased} onClose={() => setChased(null)} />}
      <PagedTable<DirectiveView>
        data-testid="directives"
        size="small"
        query={list}
        columns={columns}
        page={page}
        pageSize={20}
        onPage={(p) => update({ page: p === 1 ? undefined : p })}
        minWidth={720}
      />
    </ListPage>
  );
}
