import { EditOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Popconfirm, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { SUPERVISION_LINE_LABELS } from '../../../../shared/enums';
import { useSquad, useSquads, useSupervisionGroup } from '../../api/safety';
import type { SquadView, SupervisionAssignmentView, SupervisionMemberView } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader, ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatDate } from '../../lib/format';
import { testId } from '../../lib/testId';
import { AssignmentModal, GroupModal, MemberModal, SquadModal, type Unit, useEnd } from './SupervisionModals';
import { AssignmentSummary, LineTags } from './SupervisionPage';

/**
 * /supervision/groups/:id and /supervision/squads/:id — one unit: its members (line, department,
 * lead) and what it supervises (enterprises, towns, districts or the city). The commander adds
 * and removes both; a group's page also lists its squads.
 */
export default function SupervisionUnit() {
  const { id } = useParams();
  const { pathname } = useLocation();
  const kind: Unit['kind'] = pathname.startsWith('/supervision/groups/') ? 'group' : 'squad';
  const group = useSupervisionGroup(kind === 'group' ? id : undefined);
  const squad = useSquad(kind === 'squad' ? id : undefined);
  const query = kind === 'group' ? group : squad;
  if (query.isLoading) return <PageSpinner />;
  if (query.error || !query.data)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return kind === 'group' ? <GroupView g={group.data!} /> : <SquadPage s={squad.data!} />;
}

function GroupView({ g }: { g: NonNullable<ReturnType<typeof useSupervisionGroup>['data']> }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [newSquad, setNewSquad] = useState(false);
  const squads = useSquads({ group: g.id, pageSize: 200 });
  const unit: Unit = { kind: 'group', id: g.id };
  const squadColumns: TableColumnsType<SquadView> = [
    { title: t('supervision.fields.code'), dataIndex: 'code', width: 110 },
    {
      title: t('supervision.fields.name'),
      dataIndex: 'name',
      render: (_, s) => <Link to={`/supervision/squads/${s.id}`}>{s.name}</Link>,
    },
    {
      title: t('supervision.fields.lines'),
      key: 'lines',
      width: 230,
      render: (_, s) => <LineTags lines={s.lines} compact />,
    },
    {
      title: t('supervision.fields.assignments'),
      key: 'assignments',
      width: 260,
      render: (_, s) => <AssignmentSummary list={s.assignments} />,
    },
  ];
  return (
    <div data-testid="supervision-unit" style={{ maxWidth: 1100 }}>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="unit-title">{name(g)}</span>
            <Tag>{g.code}</Tag>
          </Flex>
        }
        extra={<UnitActions onEdit={() => setEditing(true)} />}
      />
      <Flex vertical gap={16}>
        <Members unit={unit} members={g.members} hint={t('supervision.groupMembersHint')} />
        <Assignments unit={unit} assignments={g.assignments} hint={t('supervision.groupAssignmentsHint')} />
        <Card
          variant="borderless"
          title={t('supervision.squadsOf', { count: g.squadCount })}
          extra={
            can('supervision.manage') && (
              <Button icon={<PlusOutlined />} onClick={() => setNewSquad(true)}>
                {t('supervision.newSquad')}
              </Button>
            )
          }
        >
          <ScrollX minWidth={720}>
            <Table<SquadView>
              rowKey="id"
              size="small"
              loading={squads.isFetching}
              pagination={false}
              columns={squadColumns}
              dataSource={squads.data?.items ?? []}
            />
          </ScrollX>
        </Card>
      </Flex>
      {editing && <GroupModal group={g} onClose={() => setEditing(false)} />}
      {newSquad && (
        <SquadModal
          groupId={g.id}
          onClose={() => setNewSquad(false)}
          onCreated={(s) => navigate(`/supervision/squads/${s.id}`)}
        />
      )}
    </div>
  );
}

function SquadPage({ s }: { s: SquadView }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const unit: Unit = { kind: 'squad', id: s.id };
  return (
    <div data-testid="supervision-unit" style={{ maxWidth: 1100 }}>
      <PageHeader
        title={
          <Flex vertical gap={4}>
            <Flex gap={8} align="center" wrap>
              <span data-testid="unit-title">{s.name}</span>
              <Tag>{s.code}</Tag>
            </Flex>
            <Flex gap={8} align="center" wrap style={{ fontSize: 14, fontWeight: 'normal' }}>
              <Link to={`/supervision/groups/${s.groupId}`}>{s.groupName}</Link>
              <LineTags lines={s.lines} />
            </Flex>
          </Flex>
        }
        extra={<UnitActions onEdit={() => setEditing(true)} />}
      />
      <Flex vertical gap={16}>
        <Members unit={unit} members={s.members} hint={t('supervision.squadMembersHint')} />
        <Assignments unit={unit} assignments={s.assignments} hint={t('supervision.squadAssignmentsHint')} />
      </Flex>
      {editing && <SquadModal squad={s} onClose={() => setEditing(false)} />}
    </div>
  );
}

/** Back to the list, and edit for the commander. */
function UnitActions({ onEdit }: { onEdit: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  return (
    <>
      <Button icon={<RollbackOutlined />} onClick={() => navigate('/supervision')}>
        {t('common.backToList')}
      </Button>
      {can('supervision.manage') && (
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid="unit-edit">
          {t('common.edit')}
        </Button>
      )}
    </>
  );
}

function Members({ unit, members, hint }: { unit: Unit; members: SupervisionMemberView[]; hint: string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SupervisionMemberView> = [
    {
      title: t('supervision.fields.account'),
      key: 'name',
      render: (_, m) => (
        <Flex gap={4} align="center" wrap>
          <span>{m.displayName}</span>
          <Typography.Text type="secondary">{m.username}</Typography.Text>
          {m.lead && <Tag color="gold">{t('supervision.leadTag')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('supervision.fields.line'),
      dataIndex: 'line',
      width: 170,
      render: (v: SupervisionMemberView['line']) => <StatusTag value={v} labels={SUPERVISION_LINE_LABELS} />,
    },
    { title: t('supervision.fields.department'), dataIndex: 'departmentName', width: 230, ellipsis: true },
    {
      title: t('supervision.fields.joinedAt'),
      dataIndex: 'joinedAt',
      width: 120,
      render: (v: string) => formatDate(v),
    },
  ];
  return (
    <UnitTable<SupervisionMemberView>
      kind="members"
      prefix="member"
      title={t('supervision.membersTitle', { count: members.length })}
      addLabel={t('supervision.addMember')}
      hint={hint}
      columns={columns}
      rows={members}
      emptyText={t('supervision.noMembers')}
      confirmTitle={(m) => t('supervision.removeMemberConfirm', { name: m.displayName })}
      confirmTestId="member-remove-confirm"
      modal={(onClose) => <MemberModal unit={unit} onClose={onClose} />}
    />
  );
}

function Assignments({
  unit,
  assignments,
  hint,
}: {
  unit: Unit;
  assignments: SupervisionAssignmentView[];
  hint: string;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SupervisionAssignmentView> = [
    {
      title: t('supervision.fields.target'),
      key: 'target',
      render: (_, a) =>
        a.enterpriseId ? (
          <Link to={`/enterprises/${a.enterpriseId}`}>{a.enterpriseName}</Link>
        ) : (
          <span>{a.divisionName ?? a.divisionCode}</span>
        ),
    },
    {
      title: t('supervision.fields.kind'),
      key: 'kind',
      width: 120,
      render: (_, a) =>
        a.enterpriseId ? (
          <Tag color="blue">{t('supervision.targets.enterprise')}</Tag>
        ) : (
          <Tag color="geekblue">{t('supervision.targets.division')}</Tag>
        ),
    },
    {
      title: t('supervision.fields.reason'),
      dataIndex: 'reason',
      width: 200,
      ellipsis: true,
      render: (v) => v || '—',
    },
    {
      title: t('supervision.fields.assignedAt'),
      dataIndex: 'assignedAt',
      width: 120,
      render: (v: string) => formatDate(v),
    },
  ];
  return (
    <UnitTable<SupervisionAssignmentView>
      kind="assignments"
      prefix="assignment"
      title={t('supervision.assignmentsTitle', { count: assignments.length })}
      addLabel={t('supervision.addAssignment')}
      hint={hint}
      columns={columns}
      rows={assignments}
      emptyText={t('supervision.noAssignment')}
      confirmTitle={(a) =>
        t('supervision.unassignConfirm', { name: a.enterpriseName ?? a.divisionName ?? '' })
      }
      modal={(onClose) => <AssignmentModal unit={unit} onClose={onClose} />}
    />
  );
}

/** A unit's members or assignments: the table, an add button and a remove action for the commander. */
function UnitTable<T extends { id: number }>({
  kind,
  prefix,
  title,
  addLabel,
  hint,
  columns,
  rows,
  emptyText,
  confirmTitle,
  confirmTestId,
  modal,
}: {
  kind: 'members' | 'assignments';
  /** Test-id prefix: `<prefix>-add`, `<prefix>-remove`, `<prefix>-table`. */
  prefix: string;
  title: string;
  addLabel: string;
  hint: string;
  columns: TableColumnsType<T>;
  rows: T[];
  emptyText: string;
  confirmTitle: (row: T) => string;
  confirmTestId?: string;
  modal: (onClose: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const manage = can('supervision.manage');
  const [adding, setAdding] = useState(false);
  const end = useEnd();
  const all: TableColumnsType<T> = [
    ...columns,
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, row: T) => (
              <Popconfirm
                title={confirmTitle(row)}
                okText={t('supervision.remove')}
                okButtonProps={{ danger: true, ...(confirmTestId ? testId(confirmTestId) : {}) }}
                onConfirm={() => end.mutate({ kind, id: row.id })}
              >
                <Button size="small" danger data-testid={`${prefix}-remove`}>
                  {t('supervision.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      variant="borderless"
      title={title}
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid={`${prefix}-add`}
          >
            {addLabel}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <ScrollX minWidth={720}>
        <Table<T>
          rowKey="id"
          size="small"
          pagination={false}
          columns={all}
          dataSource={rows}
          locale={{ emptyText }}
          data-testid={`${prefix}-table`}
        />
      </ScrollX>
      {adding && modal(() => setAdding(false))}
    </Card>
  );
}
