import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Row,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/enums';
import { api } from '../../api/client';
import type { AuditEntry, AuditVerifyResult, Paged } from '../../api/types';
import { useAuth } from '../../auth';
import { ListPage } from '../../components/ListPage';
import { PagedTable } from '../../components/PagedTable';
import { StatusTag } from '../../components/StatusTag';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';

const KEYS = ['actor', 'action', 'entity', 'entityId', 'from', 'to', 'page', 'pageSize'] as const;

interface FilterValues {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function changedKeys(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <pre
        data-testid={testId}
        style={{
          margin: '4px 0 0',
          padding: 8,
          background: 'rgba(0,0,0,0.03)',
          borderRadius: 6,
          maxHeight: 360,
          overflow: 'auto',
          fontSize: 12,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {value === null || value === undefined ? t('audit.empty') : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** The append-only audit log: who did what, when, before and after; and the hash-chain check. */
export default function AuditLog() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { values: f, update, clear } = useUrlState(KEYS);
  const [form] = Form.useForm<FilterValues>();
  const page = Number(f.page) || 1;
  const pageSize = Number(f.pageSize) || 50;

  useEffect(() => {
    form.setFieldsValue({
      actor: f.actor,
      action: f.action,
      entity: f.entity,
      entityId: f.entityId,
      range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null,
    });
  }, [f.actor, f.action, f.entity, f.entityId, f.from, f.to, form]);

  const filters = {
    actor: f.actor,
    action: f.action,
    entity: f.entity,
    entityId: f.entityId,
    from: f.from,
    to: f.to,
  };
  const list = useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Paged<AuditEntry>>('/api/audit', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const verify = useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/api/audit/verify') });

  const onSearch = (v: FilterValues) => {
    update({
      actor: v.actor?.trim(),
      action: v.action?.trim(),
      entity: v.entity?.trim(),
      entityId: v.entityId?.trim(),
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
    });
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.fields.id'), dataIndex: 'id', width: 80 },
    { title: t('audit.fields.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.fields.actor'),
      dataIndex: 'actorUsername',
      width: 130,
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.fields.role'),
      dataIndex: 'actorRole',
      width: 130,
      render: (v: string | null) =>
        v && (ROLES as readonly string[]).includes(v) ? (
          <StatusTag value={v as Role} labels={ROLE_LABELS} />
        ) : (
          (v ?? '—')
        ),
    },
    {
      title: t('audit.fields.action'),
      dataIndex: 'action',
      width: 180,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: t('audit.fields.entity'), dataIndex: 'entity', width: 130 },
    {
      title: t('audit.fields.entityId'),
      dataIndex: 'entityId',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('audit.fields.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  ];

  const result = verify.data;

  return (
    <ListPage
      title={t('menu.audit')}
      actions={
        can('audit.verify') && (
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        )
      }
      filters={
        <Form<FilterValues>
          form={form}
          onFinish={onSearch}
          style={{ width: '100%' }}
          data-testid="audit-filters"
        >
          <Flex wrap gap={8}>
            <Form.Item name="actor" noStyle>
              <Input allowClear placeholder={t('audit.fields.actor')} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="action" noStyle>
              <Input allowClear placeholder={t('audit.fields.action')} style={{ width: 170 }} />
            </Form.Item>
            <Form.Item name="entity" noStyle>
              <Input allowClear placeholder={t('audit.fields.entity')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="entityId" noStyle>
              <Input allowClear placeholder={t('audit.fields.entityId')} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="range" noStyle>
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                style={{ width: 260 }}
                placeholder={[t('audit.from'), t('audit.to')]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                clear();
              }}
            >
              {t('common.reset')}
            </Button>
          </Flex>
        </Form>
      }
    >
      {verify.error && <Alert type="error" showIcon title={errorMessage(verify.error)} />}
      {result && (
        <Alert
          data-testid="audit-verify-result"
          type={result.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          title={
            result.ok ? (
              t('audit.verifyOk', { count: result.checked })
            ) : (
              <Typography.Text type="danger" strong data-testid="audit-first-bad">
                {t('audit.verifyBad', { id: result.firstBadId ?? '—', count: result.checked })}
              </Typography.Text>
            )
          }
          description={
            !result.ok && result.reason ? t('audit.verifyReason', { reason: result.reason }) : undefined
          }
        />
      )}
      <PagedTable<AuditEntry>
        data-testid="audit-table"
        query={list}
        size="small"
        columns={columns}
        page={page}
        pageSize={pageSize}
        showSizeChanger
        pageSizeOptions={[20, 50, 100, 200]}
        onPage={(p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 50 ? undefined : ps })}
        minWidth={1060}
        onRow={(r) =>
          result && !result.ok && result.firstBadId === r.id ? { style: { background: '#fff1f0' } } : {}
        }
        expandable={{
          expandedRowRender: (r) => {
            const changed = changedKeys(r.before, r.after);
            return (
              <div data-testid={`audit-detail-${r.id}`}>
                {changed.length > 0 && (
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('audit.changed', { keys: changed.join(', ') })}
                  </Typography.Paragraph>
                )}
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <JsonBlock title={t('audit.before')} value={r.before} testId="audit-before" />
                  </Col>
                  <Col xs={24} md={12}>
                    <JsonBlock title={t('audit.after')} value={r.after} testId="audit-after" />
                  </Col>
                </Row>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('audit.hash')}: {r.hash ? <code>{r.hash}</code> : t('audit.unsealed')}
                </Typography.Text>
              </div>
            );
          },
        }}
      />
    </ListPage>
  );
}
