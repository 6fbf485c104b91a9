import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ROLE_LABELS } from '../../../../shared/enums';
import { api, isApiError } from '../../api/client';
import type { TokenCreated, TokenView } from '../../api/types';
import { useAuth, useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { LangSwitch } from '../../components/LangSwitch';
import { ScrollX } from '../../components/ListPage';
import { useLocale } from '../../i18n';
import { errorMessage, formErrorBanner } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { isStrongPassword } from '../../lib/password';
import { ScopeText } from '../../lib/scope';

/** My account: language, password, personal API tokens. */
export default function Account() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { setLocale, can } = useAuth();
  const location = useLocation();
  const forced =
    me.mustChangePassword ||
    !!(location.state as { mustChangePassword?: boolean } | null)?.mustChangePassword;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('menu.account')}
      </Typography.Title>
      {me.mustChangePassword && forced && (
        <Alert type="warning" showIcon title={t('account.mustChange')} data-testid="must-change-password" />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')} variant="borderless" style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'u', label: t('user.fields.username'), children: me.username },
                { key: 'n', label: t('user.fields.displayName'), children: me.displayName },
                { key: 'r', label: t('user.fields.role'), children: label(ROLE_LABELS[me.role]) },
                {
                  key: 's',
                  label: t('user.fields.scope'),
                  children: <ScopeText holder={me} linkEnterprise={can('enterprise.read')} />,
                },
                {
                  key: 'l',
                  label: t('account.language'),
                  children: <LangSwitch onChange={(l) => void setLocale(l)} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ChangePassword />
        </Col>
      </Row>
      {/* Everything but the password change is refused until the password is changed. */}
      {!me.mustChangePassword && <Tokens />}
    </Flex>
  );
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePassword() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refresh } = useAuth();
  const [form] = Form.useForm<PasswordValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: PasswordValues) =>
      api.post('/api/me/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: async () => {
      message.success(t('account.passwordChanged'));
      form.resetFields();
      setBanner(null);
      await refresh();
    },
    onError: (err) => {
      if (isApiError(err, 'invalid_credentials')) {
        form.setFields([{ name: 'currentPassword', errors: [err.message] }]);
        setBanner(null);
        return;
      }
      if (isApiError(err, 'weak_password')) {
        form.setFields([{ name: 'newPassword', errors: [err.message] }]);
        setBanner(null);
        return;
      }
      setBanner(formErrorBanner(form, err, ['currentPassword', 'newPassword']));
    },
  });
  const required = (field: string) => ({ required: true, message: t('validation.required', { field }) });
  return (
    <Card title={t('account.changePassword')} variant="borderless" style={{ height: '100%' }}>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<PasswordValues>
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate(v)}
        data-testid="change-password-form"
      >
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[required(t('account.currentPassword'))]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          extra={t('password.policy')}
          rules={[
            required(t('account.newPassword')),
            {
              validator: (_, v: string | undefined) =>
                !v || isStrongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('password.weak'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            required(t('password.confirm')),
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          data-testid="change-password-submit"
        >
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

function tokenState(tk: TokenView, now: string): 'active' | 'revoked' | 'expired' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && Date.parse(tk.expiresAt) <= Date.parse(now)) return 'expired';
  return 'active';
}

function Tokens() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const qc = useQueryClient();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [form] = Form.useForm<{ name: string; expiresInDays?: number | null }>();
  const [banner, setBanner] = useState<string | null>(null);

  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['tokens'],
    queryFn: ({ signal }) => api.get<TokenView[]>('/api/me/tokens', undefined, signal),
  });

  const create = useMutation({
    mutationFn: (v: { name: string; expiresInDays?: number | null }) =>
      api.post<TokenCreated>('/api/me/tokens', {
        name: v.name.trim(),
        ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}),
      }),
    onSuccess: (tk) => {
      setCreateOpen(false);
      form.resetFields();
      setCreated(tk);
      void qc.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (err) => setBanner(formErrorBanner(form, err, ['name', 'expiresInDays'])),
  });

  const revoke = useMutation({
    mutationFn: (id: number) => api.delete(`/api/me/tokens/${id}`),
    onSuccess: () => {
      message.success(t('account.tokens.revoked'));
      void qc.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const stateColor = { active: 'green', revoked: 'default', expired: 'orange' } as const;
  const columns: TableColumnsType<TokenView> = [
    { title: t('account.tokens.name'), dataIndex: 'name' },
    {
      title: t('account.tokens.prefix'),
      dataIndex: 'prefix',
      render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
    },
    {
      title: t('account.tokens.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('account.tokens.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string | null) => (v ? formatDateTime(v) : t('account.tokens.never')),
    },
    {
      title: t('account.tokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      render: (v: string | null) => (v ? formatDateTime(v) : t('account.tokens.neverUsed')),
    },
    {
      title: t('account.tokens.status'),
      key: 'status',
      render: (_, tk) => {
        const s = tokenState(tk, me.now);
        return <Tag color={stateColor[s]}>{t(`account.tokens.state.${s}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, tk) =>
        !tk.revokedAt && (
          <Popconfirm
            title={t('account.tokens.confirmRevoke', { name: tk.name })}
            onConfirm={() => revoke.mutate(tk.id)}
          >
            <Button type="link" danger size="small" data-testid={`token-revoke-${tk.id}`}>
              {t('account.tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('account.tokens.title')}
      variant="borderless"
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            setBanner(null);
            setCreateOpen(true);
          }}
          data-testid="token-new"
        >
          {t('account.tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('account.tokens.hint')}</Typography.Paragraph>
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <ScrollX minWidth={760}>
          <Table<TokenView>
            data-testid="token-table"
            rowKey="id"
            size="small"
            loading={isLoading}
            columns={columns}
            dataSource={data ?? []}
            pagination={false}
          />
        </ScrollX>
      )}
      <Modal
        open={createOpen}
        title={t('account.tokens.create')}
        onCancel={() => setCreateOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending }}
        destroyOnHidden
      >
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item
            name="name"
            label={t('account.tokens.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('account.tokens.name') }),
              },
              { max: 64, message: t('validation.max', { max: 64 }) },
            ]}
          >
            <Input
              maxLength={64}
              placeholder={t('account.tokens.namePlaceholder')}
              data-testid="token-name"
            />
          </Form.Item>
          <Form.Item
            name="expiresInDays"
            label={t('account.tokens.expiresInDays')}
            extra={t('account.tokens.expiresHint')}
          >
            <InputNumber<number> min={1} max={366} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!created}
        title={t('account.tokens.createdTitle')}
        onCancel={() => setCreated(null)}
        onOk={() => setCreated(null)}
        okText={t('account.tokens.savedIt')}
        cancelButtonProps={{ style: { display: 'none' } }}
        mask={{ closable: false }}
      >
        <Alert type="warning" showIcon title={t('account.tokens.onceWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          copyable={{ text: created?.token }}
          code
          style={{ wordBreak: 'break-all' }}
          data-testid="token-plaintext"
        >
          <KeyOutlined /> {created?.token}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
