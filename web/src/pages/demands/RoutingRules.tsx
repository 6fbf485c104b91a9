import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMAND_CATEGORIES, DEMAND_CATEGORY_LABELS, type DemandCategory } from '../../../../shared/demands';
import { ApiError, api, isApiError } from '../../api/client';
import { DKEYS, useRoutingRules } from '../../api/demands';
import { useDivisionIndex } from '../../api/reference';
import type { RoutingRules as Rules } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { ListPage, ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { DepartmentSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

interface RuleRow {
  category?: DemandCategory;
  divisionCode?: string | null;
  industryPrefix?: string | null;
  departmentCode?: string;
  acceptDays?: number;
  resolveDays?: number;
}

const RULE_FIELDS = [
  'category',
  'divisionCode',
  'industryPrefix',
  'departmentCode',
  'acceptDays',
  'resolveDays',
] as const;
const PREFIX = /^[A-T]?[0-9]{0,4}$/;

function toRows(rules: Rules['rules']): RuleRow[] {
  return rules.map((r) => ({
    category: r.category,
    divisionCode: r.divisionCode,
    industryPrefix: r.industryPrefix,
    departmentCode: r.departmentCode,
    acceptDays: r.acceptDays,
    resolveDays: r.resolveDays,
  }));
}

/**
 * /demands/routing — which department handles which demands (category, optionally narrowed by
 * division and industry code prefix; the most specific rule wins) and its SLA in working days.
 * The commander edits; others read.
 */
export default function RoutingRules() {
  const { t } = useTranslation();
  const { data, error, isLoading, refetch } = useRoutingRules();
  if (isLoading) return <PageSpinner />;
  if (error || !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  return (
    <ListPage title={t('demand.routing.title')}>
      <RulesEditor key={data.version} data={data} />
    </ListPage>
  );
}

function RulesEditor({ data }: { data: Rules }) {
  const { t } = useTranslation();
  const { label, name } = useLocale();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const editable = can('demand.routingManage');
  const [form] = Form.useForm<{ rules: RuleRow[] }>();
  const [banner, setBanner] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const { byCode, districts, townsOf } = useDivisionIndex();
  useEffect(() => form.setFieldsValue({ rules: toRows(data.rules) }), [data, form]);

  const divisionOptions = districts.map((d) => ({
    label: name(d),
    title: name(d),
    options: [
      { value: d.code, label: name(d) },
      ...townsOf(d.code).map((tw) => ({ value: tw.code, label: `${name(d)} · ${name(tw)}` })),
    ],
  }));

  const save = useMutation({
    mutationFn: (rules: RuleRow[]) =>
      api.put<Rules>('/api/demands/routing', {
        version: data.version,
        rules: rules.map((r) => ({
          category: r.category,
          divisionCode: r.divisionCode || null,
          industryPrefix: r.industryPrefix?.trim().toUpperCase() || null,
          departmentCode: r.departmentCode,
          acceptDays: r.acceptDays,
          resolveDays: r.resolveDays,
        })),
      }),
    onSuccess: (saved) => {
      qc.setQueryData(DKEYS.routing, saved);
      message.success(t('demand.routing.saved', { version: saved.version }));
    },
    onError: (err) => {
      if (isApiError(err) && err.status === 409) {
        setStale(true);
        setBanner(t('demand.routing.conflict'));
        return;
      }
      // Field problems arrive as rules.<n>.<field>: put each on its cell.
      if (err instanceof ApiError && err.fieldProblems.length) {
        const rest: string[] = [];
        const fields: { name: ['rules', number, (typeof RULE_FIELDS)[number]]; errors: string[] }[] = [];
        for (const p of err.fieldProblems) {
          const parts = p.path.split(/[./]/).filter((x) => x && x !== 'body');
          const i = Number(parts[1]);
          const f = parts[2] as (typeof RULE_FIELDS)[number] | undefined;
          if (parts[0] === 'rules' && Number.isInteger(i) && f && RULE_FIELDS.includes(f))
            fields.push({ name: ['rules', i, f], errors: [p.message] });
          else rest.push(p.path ? `${p.path}: ${p.message}` : p.message);
        }
        form.setFields(fields);
        setBanner(rest.length ? `${err.message}: ${rest.join('; ')}` : t('demand.routing.fixFields'));
        return;
      }
      setBanner(errorMessage(err));
    },
  });

  return (
    <Flex vertical gap={12} data-testid="routing-rules">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('demand.routing.hint')}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('demand.routing.versionLine', {
          version: data.version,
          at: formatDateTime(data.updatedAt),
          by: data.updatedBy ?? '—',
        })}
      </Typography.Text>
      {banner && (
        <Alert
          type="error"
          showIcon
          title={banner}
          data-testid="routing-error"
          action={
            stale ? (
              <Button
                size="small"
                icon={<UndoOutlined />}
                onClick={() => {
                  setStale(false);
                  setBanner(null);
                  void qc.invalidateQueries({ queryKey: DKEYS.routing });
                }}
              >
                {t('demand.conflict.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form
        form={form}
        disabled={!editable}
        onFinish={(v) => {
          setBanner(null);
          save.mutate(v.rules ?? []);
        }}
        onFinishFailed={() => setBanner(t('demand.routing.fixFields'))}
      >
        <Form.List
          name="rules"
          rules={[
            {
              validator: async (_, rows: RuleRow[] | undefined) => {
                if (!rows?.length) throw new Error(t('demand.routing.atLeastOne'));
                const missing = DEMAND_CATEGORIES.filter(
                  (c) => !rows.some((r) => r.category === c && !r.divisionCode && !r.industryPrefix),
                );
                if (missing.length)
                  throw new Error(
                    t('demand.routing.missingDefault', {
                      categories: missing.map((c) => label(DEMAND_CATEGORY_LABELS[c])).join('、'),
                    }),
                  );
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8}>
              <ScrollX minWidth={1080}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="key"
                  dataSource={fields}
                  data-testid="routing-table"
                  columns={[
                    {
                      title: t('demand.fields.category'),
                      width: 190,
                      render: (_, f) => (
                        <Form.Item
                          name={[f.name, 'category']}
                          rules={[{ required: true, message: t('demand.routing.required') }]}
                          style={{ margin: 0 }}
                        >
                          <Select<DemandCategory>
                            options={DEMAND_CATEGORIES.map((c) => ({
                              value: c,
                              label: label(DEMAND_CATEGORY_LABELS[c]),
                            }))}
                            data-testid={`rule-${f.name}-category`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('demand.routing.division'),
                      width: 210,
                      render: (_, f) => (
                        <Form.Item name={[f.name, 'divisionCode']} style={{ margin: 0 }}>
                          <Select<string>
                            allowClear
                            showSearch={{ optionFilterProp: 'label' }}
                            placeholder={t('demand.routing.anyDivision')}
                            options={divisionOptions}
                            labelRender={(o) => name(byCode.get(String(o.value)), String(o.label ?? o.value))}
                            data-testid={`rule-${f.name}-division`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('demand.routing.industryPrefix'),
                      width: 130,
                      render: (_, f) => (
                        <Form.Item
                          name={[f.name, 'industryPrefix']}
                          style={{ margin: 0 }}
                          rules={[
                            {
                              validator: (_r, v: string | null | undefined) =>
                                !v || (v.trim().length <= 5 && PREFIX.test(v.trim().toUpperCase()))
                                  ? Promise.resolve()
                                  : Promise.reject(new Error(t('demand.routing.prefixInvalid'))),
                            },
                          ]}
                        >
                          <Input
                            allowClear
                            maxLength={5}
                            placeholder={t('demand.routing.anyIndustry')}
                            data-testid={`rule-${f.name}-industry`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('demand.fields.department'),
                      width: 230,
                      render: (_, f) => (
                        <Form.Item
                          name={[f.name, 'departmentCode']}
                          rules={[{ required: true, message: t('demand.routing.required') }]}
                          style={{ margin: 0 }}
                        >
                          <DepartmentSelect
                            placeholder={t('demand.fields.department')}
                            data-testid={`rule-${f.name}-department`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('demand.routing.acceptDays'),
                      width: 110,
                      render: (_, f) => (
                        <Form.Item
                          name={[f.name, 'acceptDays']}
                          rules={[
                            { required: true, message: t('demand.routing.required') },
                            {
                              type: 'integer',
                              min: 1,
                              max: 10,
                              message: t('validation.integerRange', { min: 1, max: 10 }),
                            },
                          ]}
                          style={{ margin: 0 }}
                        >
                          <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('demand.routing.resolveDays'),
                      width: 110,
                      render: (_, f) => (
                        <Form.Item
                          name={[f.name, 'resolveDays']}
                          rules={[
                            { required: true, message: t('demand.routing.required') },
                            {
                              type: 'integer',
                              min: 1,
                              max: 60,
                              message: t('validation.integerRange', { min: 1, max: 60 }),
                            },
                          ]}
                          style={{ margin: 0 }}
                        >
                          <InputNumber
                            min={1}
                            max={60}
                            precision={0}
                            style={{ width: '100%' }}
                            data-testid={`rule-${f.name}-resolve`}
                          />
                        </Form.Item>
                      ),
                    },
                    ...(editable
                      ? [
                          {
                            title: t('common.actions'),
                            width: 70,
                            render: (_: unknown, f: { name: number }) => (
                              <Button
                                type="text"
                                danger
                                icon={<DeleteOutlined />}
                                aria-label={t('demand.routing.remove')}
                                onClick={() => remove(f.name)}
                                data-testid={`rule-${f.name}-remove`}
                              />
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </ScrollX>
              {errors.length > 0 && (
                <Typography.Text type="danger" data-testid="routing-list-error">
                  {errors}
                </Typography.Text>
              )}
              {editable && (
                <Flex gap={8} wrap>
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ acceptDays: 1, resolveDays: 5 })}
                    data-testid="rule-add"
                  >
                    {t('demand.routing.add')}
                  </Button>
                  <Button
                    type="primary"
                    htmlType="submit"
                    icon={<SaveOutlined />}
                    loading={save.isPending}
                    disabled={stale}
                    data-testid="routing-save"
                  >
                    {t('common.save')}
                  </Button>
                  <Button onClick={() => form.setFieldsValue({ rules: toRows(data.rules) })}>
                    {t('common.reset')}
                  </Button>
                </Flex>
              )}
            </Flex>
          )}
        </Form.List>
      </Form>
      {!editable && (
        <Card size="small" variant="borderless">
          <Typography.Text type="secondary">{t('demand.routing.readOnly')}</Typography.Text>
        </Card>
      )}
    </Flex>
  );
}
