import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import {
  type DailyReportView,
  DRKEYS,
  fileReport,
  type ReportFormView,
  useEnterpriseReports,
  useReportForm,
} from '../../api/daily-reports';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { ContentTag, EnterpriseScope } from './shared';

type Field = ReportFormView['fields'][number];
type Values = Record<string, number | string | boolean | null | undefined>;
type Filed = Record<string, number | string | boolean>;

/** /reports/today[?enterpriseId=] — today's daily report (日报告、零报告), phone first. */
export default function Filing() {
  const { t } = useTranslation();
  return (
    <div data-testid="report-filing-page" style={{ maxWidth: 640 }}>
      <PageHeader title={t('dailyReport.filing.title')} />
      <EnterpriseScope>{(id) => <ForEnterprise key={id} enterpriseId={id} />}</EnterpriseScope>
    </div>
  );
}

function ForEnterprise({ enterpriseId }: { enterpriseId: number }) {
  const me = useMe();
  const today = me.today;
  const yesterday = dayjs(today).subtract(1, 'day').format('YYYY-MM-DD');
  const form = useReportForm();
  const recent = useEnterpriseReports(enterpriseId, { from: yesterday, to: today });

  if (form.isLoading || recent.isLoading) return <PageSpinner />;
  const error = form.error ?? recent.error;
  if (error || !form.data || !recent.data)
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          void form.refetch();
          void recent.refetch();
        }}
      />
    );
  const todays = recent.data.items.find((r) => r.date === today) ?? null;
  const yesterdays = recent.data.items.find((r) => r.date === yesterday) ?? null;
  return (
    <FilingForm
      enterpriseId={enterpriseId}
      date={today}
      def={form.data}
      existing={todays}
      yesterday={yesterdays}
    />
  );
}

/** Workforce figures: what a zero report still needs (every field that is not a health signal). */
const isWorkforce = (f: Field) => !f.abnormalIfNonZero;

function initialValues(
  def: ReportFormView,
  existing: DailyReportView | null,
  yesterday: DailyReportView | null,
) {
  const out: Values = {};
  if (existing) {
    for (const f of def.fields) out[f.key] = existing.values[f.key] ?? undefined;
  } else if (yesterday) {
    for (const f of def.fields)
      if (isWorkforce(f) && f.type !== 'text' && yesterday.values[f.key] !== undefined)
        out[f.key] = yesterday.values[f.key];
  }
  return out;
}

function FilingForm({
  enterpriseId,
  date,
  def,
  existing,
  yesterday,
}: {
  enterpriseId: number;
  date: string;
  def: ReportFormView;
  existing: DailyReportView | null;
  yesterday: DailyReportView | null;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const me = useMe();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const [filed, setFiled] = useState<DailyReportView | null>(null);
  const [editing, setEditing] = useState(!existing);
  const current = filed ?? existing;
  const initial = useMemo(() => initialValues(def, existing, yesterday), [def, existing, yesterday]);
  const keys = def.fields.map((f) => f.key);
  const workforce = def.fields.filter(isWorkforce);
  const health = def.fields.filter((f) => !isWorkforce(f));
  const labelOf = (f: Field) => (locale === 'en' ? f.labelEn : f.labelZh);
  const onBehalf = me.role !== 'enterprise';

  const file = useMutation({
    mutationFn: (body: { zero: boolean; values: Filed }) => fileReport({ enterpriseId, date, ...body }),
    onSuccess: (r) => {
      setFiled(r);
      setEditing(false);
      setBanner(null);
      void qc.invalidateQueries({ queryKey: DRKEYS.reports });
      void qc.invalidateQueries({ queryKey: DRKEYS.revisions(r.id) });
      message.success(t('dailyReport.filing.filedToast'));
    },
    onError: (err) => {
      if (err instanceof ApiError && err.fieldProblems.length > 0) {
        const rest: string[] = [];
        const byField = new Map<string, string[]>();
        for (const p of err.fieldProblems) {
          const key = p.path.replace(/^(body[./])?values[./]/, '');
          if (p.path !== key && keys.includes(key))
            byField.set(key, [...(byField.get(key) ?? []), p.message]);
          else rest.push(p.message);
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        setBanner(rest.length ? `${err.message}: ${rest.join('; ')}` : null);
      } else setBanner(errorMessage(err));
    },
  });

  /** Only the fields that were filled in; blank ones are left out (the server fills a zero report's). */
  const collect = (all: Values): Filed => {
    const out: Filed = {};
    for (const f of def.fields) {
      const v = all[f.key];
      if (v === undefined || v === null || v === '') continue;
      out[f.key] = v;
    }
    return out;
  };

  const submitZero = async () => {
    setBanner(null);
    try {
      await form.validateFields(workforce.map((f) => f.key));
    } catch {
      return;
    }
    const values = collect(form.getFieldsValue(true));
    // A zero report says the health fields are 0: those left blank are filled by the server.
    file.mutate({ zero: true, values });
  };

  const submitNormal = async () => {
    setBanner(null);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    file.mutate({ zero: false, values: collect(form.getFieldsValue(true)) });
  };

  if (current && !editing)
    return (
      <Card variant="borderless" data-testid="report-filed">
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('dailyReport.filing.filedTitle', { date: current.date })}
          subTitle={
            <Flex vertical gap={8} align="center">
              <Flex gap={4} wrap justify="center">
                <Tag color={current.onTime ? 'green' : 'orange'} data-testid="report-timeliness">
                  {current.onTime ? t('dailyReport.filing.onTime') : t('dailyReport.filing.late')}
                </Tag>
                <ContentTag value={current.content} />
                <Tag data-testid="report-revision">
                  {t('dailyReport.filing.revisionN', { n: current.revision })}
                </Tag>
                {current.onBehalf && <Tag color="purple">{t('dailyReport.filing.onBehalfTag')}</Tag>}
              </Flex>
              <Typography.Text type="secondary">
                {t('dailyReport.filing.filedAt', {
                  at: formatDateTime(current.updatedAt),
                  by: current.updatedBy?.displayName ?? '—',
                })}
              </Typography.Text>
            </Flex>
          }
          extra={[
            <Button
              key="again"
              onClick={() => {
                form.setFieldsValue(current.values);
                setEditing(true);
              }}
              disabled={current.locked && !current.abilities.includes('update')}
              data-testid="report-file-again"
            >
              {t('dailyReport.filing.fileAgain')}
            </Button>,
            <Link key="mine" to={`/reports/mine?enterpriseId=${current.enterpriseId}`}>
              <Button type="link">{t('dailyReport.filing.history')}</Button>
            </Link>,
          ]}
        />
      </Card>
    );

  const renderField = (f: Field) => {
    const rules = [{ required: f.required, message: t('dailyReport.filing.required') }];
    let input: React.ReactNode;
    if (f.type === 'text') input = <Input.TextArea rows={2} maxLength={1000} />;
    else if (f.type === 'boolean') input = <Switch />;
    else
      input = (
        <InputNumber
          style={{ width: '100%' }}
          size="large"
          inputMode={f.type === 'integer' ? 'numeric' : 'decimal'}
          precision={f.type === 'integer' ? 0 : undefined}
          min={f.min ?? undefined}
          max={f.max ?? undefined}
          suffix={f.type === 'percent' ? '%' : undefined}
        />
      );
    return (
      <Form.Item
        key={f.key}
        name={f.key}
        label={labelOf(f)}
        rules={f.type === 'boolean' ? [] : rules}
        valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
        style={{ marginBottom: 12 }}
      >
        {input}
      </Form.Item>
    );
  };

  return (
    <Card variant="borderless">
      <Flex vertical gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text strong>
          {t('dailyReport.filing.dateLine', { date, deadline: def.deadline })}
        </Typography.Text>
        {onBehalf && <Alert type="info" showIcon message={t('dailyReport.filing.onBehalfNote')} />}
        {current && (
          <Alert
            type="warning"
            showIcon
            data-testid="report-new-revision"
            message={t('dailyReport.filing.newRevision', { n: current.revision + 1 })}
          />
        )}
        {!current && yesterday && (
          <Typography.Text type="secondary">{t('dailyReport.filing.prefilled')}</Typography.Text>
        )}
        {banner && <Alert type="error" showIcon message={banner} data-testid="report-error" />}
      </Flex>
      <Form form={form} name="filing" layout="vertical" initialValues={initial} requiredMark>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('dailyReport.filing.workforce')}
        </Divider>
        {workforce.map(renderField)}
        <Button
          type="primary"
          size="large"
          block
          icon={<CheckCircleOutlined />}
          style={{ height: 56, fontSize: 17, margin: '8px 0 4px', background: '#389e0d' }}
          loading={file.isPending && file.variables?.zero === true}
          onClick={submitZero}
          data-testid="report-zero"
        >
          {t('dailyReport.filing.zero')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('dailyReport.filing.zeroHint')}
        </Typography.Paragraph>
        <Divider titlePlacement="start">{t('dailyReport.filing.health')}</Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('dailyReport.filing.healthHint')}
        </Typography.Paragraph>
        {health.map(renderField)}
        <Button
          size="large"
          block
          icon={<SendOutlined />}
          loading={file.isPending && file.variables?.zero === false}
          onClick={submitNormal}
          data-testid="report-submit"
        >
          {t('dailyReport.filing.submit')}
        </Button>
        {current && (
          <Button type="link" block onClick={() => setEditing(false)} style={{ marginTop: 8 }}>
            {t('common.cancel')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
