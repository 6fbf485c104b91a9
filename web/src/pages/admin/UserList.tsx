import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Modal, Popconfirm, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/enums';
import { api, isApiError } from '../../api/client';
import type { Paged, UserUpdateInput, UserView } from '../../api/types';
import { useMe } from '../../auth';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage } from '../../components/ListPage';
import { PagedTable } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { ScopeText } from '../../lib/scope';
import { useUrlState } from '../../lib/useUrlState';
import { ResetPasswordModalBody, UserForm } from './UserForm';

const KEYS = ['q', 'role', 'page', 'pageSize'] as const;

/** Account administration: create, edit and re-scope, disable/enable, unlock, reset password. */
export default function UserList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const qc = useQueryClient();
  const { values: f, update } = useUrlState(KEYS);
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);
  const [editing, setEditing] = useState<UserView | null | undefined>(undefined);
  const [resetting, setResetting] = useState<UserView | null>(null);

  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 20;
  const list = useQuery({
    queryKey: ['users', f.q, f.role, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Paged<UserView>>('/api/users', { q: f.q, role: f.role, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const { data } = list;
  // After a 409 the list reloads; the open form takes the fresh row (new version) and keeps its input.
  useEffect(() => {
    if (!editing || !data) return;
    const fresh = data.items.find((u) => u.id === editing.id);
    if (fresh && fresh.version !== editing.version) setEditing(fresh);
  }, [data, editing]);
  const reload = () => void qc.invalidateQueries({ queryKey: ['users'] });

  const patch = useMutation({
    mutationFn: ({ user, body }: { user: UserView; body: Omit<UserUpdateInput, 'version'> }) =>
      api.patch<UserView>(`/api/users/${user.id}`, { version: user.version, ...body }),
    onSuccess: (_, { body }) => {
      message.success(
        body.unlock ? t('user.unlocked') : body.disabled ? t('user.disabledDone') : t('user.enabledDone'),
      );
      reload();
    },
    onError: (err) => {
      message.error(isApiError(err, 'stale_version') ? t('user.staleVersion') : errorMessage(err));
      reload();
    },
  });

  const columns: TableColumnsType<UserView> = [
    { title: t('user.fields.username'), dataIndex: 'username', width: 140 },
    { title: t('user.fields.displayName'), dataIndex: 'displayName', width: 140, ellipsis: true },
    {
      title: t('user.fields.role'),
      dataIndex: 'role',
      width: 130,
      render: (r: Role) => <StatusTag value={r} labels={ROLE_LABELS} />,
    },
    {
      title: t('user.fields.scope'),
      key: 'scope',
      ellipsis: true,
      render: (_, u) => <ScopeText holder={u} />,
    },
    {
      title: t('user.fields.status'),
      key: 'status',
      width: 150,
      render: (_, u) => (
        <Flex gap={4} wrap>
          {u.disabled && <Tag color="red">{t('user.status.disabled')}</Tag>}
          {u.locked && (
            <Tooltip
              title={
                u.lockedUntil ? t('user.lockedUntil', { time: formatDateTime(u.lockedUntil) }) : undefined
              }
            >
              <Tag color="orange">{t('user.status.locked')}</Tag>
            </Tooltip>
          )}
          {!u.disabled && !u.locked && <Tag color="green">{t('user.status.active')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('user.fields.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, u) => (
        <Flex gap={0} wrap>
          <Button
            type="link"
            size="small"
            onClick={() => setEditing(u)}
            data-testid={`user-edit-${u.username}`}
          >
            {t('common.edit')}
          </Button>
          {u.id !== me.id && (
            <Popconfirm
              title={
                u.disabled
                  ? t('user.confirmEnable', { username: u.username })
                  : t('user.confirmDisable', { username: u.username })
              }
              onConfirm={() => patch.mutate({ user: u, body: { disabled: !u.disabled } })}
            >
              <Button type="link" size="small" danger={!u.disabled} data-testid={`user-toggle-${u.username}`}>
                {u.disabled ? t('user.enable') : t('user.disable')}
              </Button>
            </Popconfirm>
          )}
          {u.locked && (
            <Button
              type="link"
              size="small"
              onClick={() => patch.mutate({ user: u, body: { unlock: true } })}
              data-testid={`user-unlock-${u.username}`}
            >
              {t('user.unlock')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            onClick={() => setResetting(u)}
            data-testid={`user-reset-${u.username}`}
          >
            {t('user.reset.action')}
          </Button>
        </Flex>
      ),
    },
  ];

  return (
    <ListPage
      title={t('menu.users')}
      actions={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing(null)}
          data-testid="user-new"
        >
          {t('user.new')}
        </Button>
      }
      filters={
        <>
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('user.searchPlaceholder')}
            style={{ width: 260 }}
            data-testid="user-search"
          />
          <EnumSelect
            values={ROLES}
            labels={ROLE_LABELS}
            placeholder={t('user.fields.role')}
            value={f.role}
            onChange={(v) => update({ role: v })}
            style={{ width: 180 }}
            data-testid="user-role-filter"
          />
        </>
      }
    >
      <PagedTable<UserView>
        data-testid="user-table"
        query={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        showSizeChanger
        onPage={(p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps })}
        minWidth={1000}
      />
      <UserForm
        open={editing !== undefined}
        user={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={reload}
      />
      <Modal
        open={!!resetting}
        title={resetting ? t('user.reset.title', { username: resetting.username }) : ''}
        footer={null}
        onCancel={() => setResetting(null)}
        destroyOnHidden
      >
        {resetting && (
          <ResetPasswordModalBody
            user={resetting}
            onDone={(changed) => {
              setResetting(null);
              if (changed) reload();
            }}
          />
        )}
      </Modal>
    </ListPage>
  );
}
