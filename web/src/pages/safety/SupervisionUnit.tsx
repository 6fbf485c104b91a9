import { EditOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Popconfirm, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
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
        extra={
          <>
            <Button icon={<RollbackOutlined />} onClick={() => navigate('/supervision')}>
              {t('common.backToList')}
            </Button>
            {can('supervision.manage') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="unit-edit">
                {t('common.edit')}
              </Button>
            )}
          </>
        }
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
  const { can } = useAuth();
  const navigate = useNavigate();
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
        extra={
          <>
            <Button icon={<RollbackOutlined />} onClick={() => navigate('/supervision')}>
              {t('common.backToList')}
            </Button>
            {can('supervision.manage') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="unit-edit">
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Members unit={unit} members={s.members} hint={t('supervision.squadMembersHint')} />
        <Assignments unit={unit} assignments={s.assignments} hint={t('supervision.squadAssignmentsHint')} />
      </Flex>
      {editing && <SquadModal squad={s} onClose={() => setEditing(false)} />}
    </div>
  );
}

function Members({ unit, members, hint }: { unit: Unit; members: SupervisionMemberView[]; hint: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const manage = can('supervision.manage');
  const [adding, setAdding] = useState(false);
  const end = useEnd();
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
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, m: SupervisionMemberView) => (
              <Popconfirm
                title={t('supervision.removeMemberConfirm', { name: m.displayName })}
                okText={t('supervision.remove')}
                okButtonProps={{ danger: true, ...testId('member-remove-confirm') }}
                onConfirm={() => end.mutate({ kind: 'members', id: m.id })}
              >
                <Button size="small" danger data-testid="member-remove">
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
      title={t('supervision.membersTitle', { count: members.length })}
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="member-add"
          >
            {t('supervision.addMember')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <ScrollX minWidth={720}>
        <Table<SupervisionMemberView>
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={members}
          locale={{ emptyText: t('supervision.noMembers') }}
          data-testid="member-table"
        />
      </ScrollX>
      {adding && <MemberModal unit={unit} onClose={() => setAdding(false)} />}
    </Card>
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
  const { can } = useAuth();
  const manage = can('supervision.manage');
  const [adding, setAdding] = useState(false);
  const end = useEnd();
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
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, a: SupervisionAssignmentView) => (
              <Popconfirm
                title={t('supervision.unassignConfirm', { name: a.enterpriseName ?? a.divisionName ?? '' })}
                okText={t('supervision.remove')}
                okButtonProps={{ danger: true }}
                onConfirm={() => end.mutate({ kind: 'assignments', id: a.id })}
              >
                <Button size="small" danger data-testid="assignment-remove">
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
      title={t('supervision.assignmentsTitle', { count: assignments.length })}
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="assignment-add"
          >
            {t('supervision.addAssignment')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <ScrollX minWidth={720}>
        <Table<SupervisionAssignmentView>
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={assignments}
          locale={{ emptyText: t('supervision.noAssignment') }}
          data-testid="assignment-table"
        />
      </ScrollX>
      {adding && <AssignmentModal unit={unit} onClose={() => setAdding(false)} />}
    </Card>
  );
}
