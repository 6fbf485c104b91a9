import {
  Alert,
  App,
  Badge,
  Button,
  Form,
  Input,
  Modal,
  Segmented,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ALERT_STATUS_LABELS, type AlertStatus } from '../../../../../shared/enums';
import { type AlertView, useAcknowledgeAlert, useAlerts, useReportForm } from '../../../api/report-oversight';
import { useMe } from '../../../auth';
import { ListPage } from '../../../components/ListPage';
import { PagedTable } from '../../../components/PagedTable';
import { DistrictSelect } from '../../../components/ReferenceSelects';
import { StatusTag } from '../../../components/StatusTag';
import { useLocale } from '../../../i18n';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';

const FILTER_KEYS = ['status', 'division', 'page'] as const;
const ALERT_COLORS: Record<AlertStatus, string> = { open: 'red', acknowledged: 'green' };

/** /reports/alerts — abnormal-report alerts in scope, open ones on top; record the action taken. */
export default function Alerts() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const { message } = App.useApp();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const page = Number(f.page) || 1;
  const list = useAlerts({
    status: f.status,
    division: f.division,
    page,
    pageSize: 20,
  });
  const { data: form } = useReportForm();
  const ack = useAcknowledgeAlert();
  const [acking, setAcking] = useState<AlertView | null>(null);
  const [input] = Form.useForm<{ actionTaken: string }>();

  /** A field's label in the UI language (the form in force; unknown keys shown as they are). */
  const fieldLabel = (key: string) => {
    const field = form?.fields.find((x) => x.key === key);
    return field ? (locale === 'en' ? field.labelEn : field.labelZh) : key;
  };

  const submit = async () => {
    if (!acking) return;
    const { actionTaken } = await input.validateFields();
    try {
      await ack.mutateAsync({ id: acking.id, actionTaken });
      message.success(t('alert.acknowledged'));
      setAcking(null);
      input.resetFields();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<AlertView> = [
    {
      title: t('alert.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: AlertStatus) => <StatusTag value={v} labels={ALERT_STATUS_LABELS} colors={ALERT_COLORS} />,
    },
    {
      title: t('alert.enterprise'),
      dataIndex: 'enterpriseName',
      render: (v: string, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/enterprises/${r.enterpriseId}`}>{v}</Link>
          <Typography.Text type="secondary">{r.divisionName}</Typography.Text>
        </Space>
      ),
    },
    { title: t('alert.date'), dataIndex: 'date', width: 110 },
    {
      title: t('alert.values'),
      dataIndex: 'values',
      render: (v: AlertView['values']) => (
        <Space size={[4, 4]} wrap>
          {Object.entries(v).map(([k, val]) => (
            <Tag color="red" key={k}>
              {fieldLabel(k)}: {String(val)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('alert.handling'),
      key: 'handling',
      render: (_, r) =>
        r.status === 'open' ? (
          <Typography.Text type="secondary">
            {t('alert.raisedAt', { time: formatDateTime(r.createdAt) })}
          </Typography.Text>
        ) : (
          <Space direction="vertical" size={0}>
            <Typography.Text>{r.actionTaken}</Typography.Text>
            <Typography.Text type="secondary">
              {r.acknowledgedBy?.displayName ?? '—'} · {formatDateTime(r.acknowledgedAt)}
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, r) =>
        r.abilities.includes('alert.acknowledge') ? (
          <Button type="primary" size="small" onClick={() => setAcking(r)} data-testid={`alert-ack-${r.id}`}>
            {t('alert.acknowledge')}
          </Button>
        ) : null,
    },
  ];

  return (
    <ListPage
      title={
        <Space>
          {t('alert.title')}
          {list.data && list.data.open > 0 && (
            <Badge count={list.data.open} data-testid="alerts-open-count" />
          )}
        </Space>
      }
      filters={
        <>
          <Segmented<string>
            value={f.status ?? 'all'}
            onChange={(v) => update({ status: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: t('alert.all') },
              { value: 'open', label: t('alert.openOnly') },
              { value: 'acknowledged', label: t('alert.acknowledgedOnly') },
            ]}
          />
          {me.role !== 'district' && me.role !== 'enterprise' && (
            <DistrictSelect
              allowClear
              value={f.division}
              onChange={(v) => update({ division: v })}
              style={{ width: 160 }}
            />
          )}
        </>
      }
    >
      <PagedTable<AlertView>
        data-testid="alerts"
        size="small"
        query={list}
        columns={columns}
        page={page}
        pageSize={20}
        onPage={(p) => update({ page: p === 1 ? undefined : p })}
        minWidth={900}
        rowClassName={(r) => (r.status === 'open' ? 'alert-open-row' : '')}
        onRow={(r) => (r.status === 'open' ? { style: { background: '#fff1f0' } } : {})}
      />
      <Modal
        open={!!acking}
        title={t('alert.acknowledgeTitle', { name: acking?.enterpriseName ?? '' })}
        okText={t('alert.acknowledge')}
        confirmLoading={ack.isPending}
        onOk={() => void submit()}
        onCancel={() => setAcking(null)}
        destroyOnHidden
      >
        {acking && (
          <Alert
            type="warning"
            style={{ marginBottom: 16 }}
            title={`${acking.date} · ${Object.entries(acking.values)
              .map(([k, v]) => `${fieldLabel(k)} ${String(v)}`)
              .join('，')}`}
          />
        )}
        <Form form={input} layout="vertical" preserve={false}>
          <Form.Item
            name="actionTaken"
            label={t('alert.actionTaken')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('alert.actionRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('alert.actionPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
