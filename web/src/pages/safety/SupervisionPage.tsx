import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SUPERVISION_LINE_LABELS, SUPERVISION_LINES } from '../../../../shared/enums';
import { useSquads, useSupervisionGroups } from '../../api/safety';
import type { SquadView, SupervisionAssignmentView, SupervisionGroupView } from '../../api/types';
import { useAuth } from '../../auth';
import { ListPage, ScrollX } from '../../components/ListPage';
import { PagedTable, QueryGate } from '../../components/PagedTable';
import { useLocale } from '../../i18n';
import { useUrlState } from '../../lib/useUrlState';
import { GroupModal, SquadModal } from './SupervisionModals';

const FILTER_KEYS = ['group', 'q', 'page', 'pageSize'] as const;

/** What a unit supervises, in one line: the first targets and how many in all. */
export function AssignmentSummary({ list }: { list: SupervisionAssignmentView[] }) {
  const { t } = useTranslation();
  if (!list.length)
    return <Typography.Text type="secondary">{t('supervision.noAssignment')}</Typography.Text>;
  const names = list.map((a) => a.enterpriseName ?? a.divisionName ?? a.divisionCode ?? '');
  const text = names.slice(0, 2).join('、');
  return (
    <Typography.Text ellipsis={{ tooltip: names.join('、') }} style={{ maxWidth: '100%' }}>
      {list.length > 2 ? t('supervision.andMore', { first: text, count: list.length }) : text}
    </Typography.Text>
  );
}

/** The three lines of a squad: present ones as tags, a warning for any missing one. */
export function LineTags({ lines, compact }: { lines: SquadView['lines']; compact?: boolean }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const missing = SUPERVISION_LINES.filter((l) => !lines.includes(l));
  // In a list one tag says it: complete, or what is missing.
  if (compact && missing.length === 0) return <Tag color="green">{t('supervision.allLines')}</Tag>;
  return (
    <Flex wrap gap={4}>
      {lines.map((l) => (
        <Tag key={l} color="green">
          {label(SUPERVISION_LINE_LABELS[l])}
        </Tag>
      ))}
      {missing.length > 0 && (
        <Tag color="warning" data-testid="squad-missing-lines">
          {t('supervision.missingLines', {
            lines: missing.map((l) => label(SUPERVISION_LINE_LABELS[l])).join('、'),
          })}
        </Tag>
      )}
    </Flex>
  );
}

/**
 * /supervision — city supervision groups (市级督导落实组) and their three-in-one squads
 * (三合一督导小分队): who is in them and what they supervise. The commander creates and edits
 * them; supervisors see their own units.
 */
export default function SupervisionPage() {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { can } = useAuth();
  const navigate = useNavigate();
  const manage = can('supervision.manage');
  const groups = useSupervisionGroups();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);
  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 20;
  const squads = useSquads({ group: f.group, q: f.q, page, pageSize });
  const [groupModal, setGroupModal] = useState<SupervisionGroupView | 'new' | null>(null);
  const [newSquad, setNewSquad] = useState(false);

  const groupColumns: TableColumnsType<SupervisionGroupView> = [
    { title: t('supervision.fields.code'), dataIndex: 'code', width: 90 },
    {
      title: t('supervision.fields.name'),
      dataIndex: 'name',
      render: (_, g) => (
        <Link to={`/supervision/groups/${g.id}`} data-testid="group-link">
          {name(g)}
        </Link>
      ),
    },
    { title: t('supervision.fields.squads'), dataIndex: 'squadCount', width: 100, align: 'right' },
    {
      title: t('supervision.fields.members'),
      key: 'members',
      width: 220,
      ellipsis: true,
      render: (_, g) => g.members.map((m) => m.displayName).join('、') || '—',
    },
    {
      title: t('supervision.fields.assignments'),
      key: 'assignments',
      width: 260,
      render: (_, g) => <AssignmentSummary list={g.assignments} />,
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, g: SupervisionGroupView) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setGroupModal(g)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const squadColumns: TableColumnsType<SquadView> = [
    { title: t('supervision.fields.code'), dataIndex: 'code', width: 100 },
    {
      title: t('supervision.fields.name'),
      dataIndex: 'name',
      width: 170,
      render: (_, s) => (
        <Link to={`/supervision/squads/${s.id}`} data-testid="squad-link">
          {s.name}
        </Link>
      ),
    },
    { title: t('supervision.fields.group'), dataIndex: 'groupName', width: 160, ellipsis: true },
    {
      title: t('supervision.fields.lines'),
      key: 'lines',
      width: 200,
      render: (_, s) => <LineTags lines={s.lines} compact />,
    },
    {
      title: t('supervision.fields.members'),
      key: 'members',
      width: 200,
      ellipsis: true,
      render: (_, s) => s.members.map((m) => m.displayName).join('、') || '—',
    },
    {
      title: t('supervision.fields.assignments'),
      key: 'assignments',
      ellipsis: true,
      render: (_, s) => <AssignmentSummary list={s.assignments} />,
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="supervision-page">
      <ListPage
        title={t('supervision.title')}
        actions={
          manage && (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setGroupModal('new')} data-testid="group-new">
                {t('supervision.newGroup')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setNewSquad(true)}
                data-testid="squad-new"
              >
                {t('supervision.newSquad')}
              </Button>
            </>
          )
        }
      >
        <QueryGate query={groups}>
          {(data) => (
            <ScrollX minWidth={860}>
              <Table<SupervisionGroupView>
                rowKey="id"
                size="small"
                pagination={false}
                columns={groupColumns}
                dataSource={data.items}
                title={() => (
                  <Typography.Text strong>{t('supervision.groups', { count: data.total })}</Typography.Text>
                )}
                locale={{ emptyText: t('supervision.noGroups') }}
                data-testid="group-table"
              />
            </ScrollX>
          )}
        </QueryGate>
      </ListPage>
      <Card variant="borderless" title={t('supervision.squads')} styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={16}>
          <Flex gap={8} wrap>
            <Select<number>
              allowClear
              placeholder={t('supervision.allGroups')}
              value={f.group ? Number(f.group) : undefined}
              onChange={(v) => update({ group: v })}
              options={(groups.data?.items ?? []).map((g) => ({
                value: g.id,
                label: `${g.code} ${name(g)}`,
              }))}
              style={{ width: 220 }}
              data-testid="squad-filter-group"
            />
            <Input.Search
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() })}
              placeholder={t('supervision.searchSquads')}
              style={{ width: 240 }}
              data-testid="squad-search"
            />
          </Flex>
          <PagedTable<SquadView>
            data-testid="squad-table"
            query={squads}
            columns={squadColumns}
            page={page}
            pageSize={pageSize}
            showSizeChanger
            onPage={(p, ps) =>
              update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps })
            }
            minWidth={1000}
          />
        </Flex>
      </Card>
      {groupModal && (
        <GroupModal
          group={groupModal === 'new' ? undefined : groupModal}
          onClose={() => setGroupModal(null)}
        />
      )}
      {newSquad && (
        <SquadModal
          groupId={f.group ? Number(f.group) : undefined}
          onClose={() => setNewSquad(false)}
          onCreated={(s) => navigate(`/supervision/squads/${s.id}`)}
        />
      )}
    </Flex>
  );
}
