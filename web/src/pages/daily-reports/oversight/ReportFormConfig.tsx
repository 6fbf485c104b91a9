import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Select,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  TimePicker,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isNumericField, KPI_FIELDS } from '../../../../../shared/daily-reports';
import {
  REPORT_FIELD_TYPE_LABELS,
  REPORT_FIELD_TYPES,
  type ReportFieldType,
} from '../../../../../shared/enums';
import { ApiError, isApiError } from '../../../api/client';
import { type ReportFormView, useReportForm, useSaveReportForm } from '../../../api/report-oversight';
import { PageHeader, ScrollX } from '../../../components/ListPage';
import { QueryGate } from '../../../components/PagedTable';
import { useLocale } from '../../../i18n';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';

/** A field as edited: `isNew` marks one added on this page (its key and type may still change). */
type Field = ReportFormView['fields'][number] & { isNew?: boolean };
interface Values {
  fields: Field[];
  rules: ReportFormView['rules'];
  deadline: Dayjs;
  lockAfterDays: number;
  note?: string;
}
type Name = (string | number)[];

const KEY_PATTERN = /^[a-z][A-Za-z0-9]{0,39}$/;
const TOP_LEVEL = new Set(['deadline', 'lockAfterDays', 'note']);

const newField = (): Field => ({
  isNew: true,
  key: '',
  labelZh: '',
  labelEn: '',
  type: 'integer',
  required: false,
  min: 0,
  max: null,
  abnormalIfNonZero: false,
});

/**
 * Where a server problem belongs on this form: "fields.3.key" → ['fields', 3, 'key'], a whole row
 * ("rules.1") → its first input, "deadline" → ['deadline']. Null: show it in the banner.
 */
function nameOf(path: string): Name | null {
  const parts = path
    .split(/[./]/)
    .filter((p) => p && p !== 'body')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [head, index, leaf] = parts;
  if ((head === 'fields' || head === 'rules') && typeof index === 'number')
    return [head, index, typeof leaf === 'string' ? leaf : head === 'fields' ? 'key' : 'field'];
  if (typeof head === 'string' && TOP_LEVEL.has(head) && parts.length === 1) return [head];
  return null;
}

/**
 * /reports/form — the commander edits the daily report form (数据集): its fields (add, remove,
 * reorder, labels, required, bounds, abnormal flag), the cross-field rules, the daily deadline and
 * the correction lock. Saving makes a new version; reports already filed keep theirs.
 */
export default function ReportFormConfig() {
  const { t } = useTranslation();
  const query = useReportForm({ fresh: true });
  return (
    <div data-testid="report-form-page">
      <PageHeader title={t('dailyReport.form.title')} />
      <QueryGate query={query}>
        {(def) => <FormEditor key={def.version} def={def} reload={() => void query.refetch()} />}
      </QueryGate>
    </div>
  );
}

function FormEditor({ def, reload }: { def: ReportFormView; reload: () => void }) {
  const { t } = useTranslation();
  const { locale, label } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveReportForm();
  const [banner, setBanner] = useState<string[]>([]);
  const [conflict, setConflict] = useState<number | null>(null);
  const fields: Field[] = Form.useWatch('fields', { form, preserve: true }) ?? def.fields;
  const initial: Values = {
    fields: def.fields,
    rules: def.rules,
    deadline: dayjs(`2020-01-01T${def.deadline}:00`),
    lockAfterDays: def.lockAfterDays,
  };

  const submit = async () => {
    // The whole store: a saved field's key and type are shown as text, not as inputs.
    const v = form.getFieldsValue(true) as Values;
    setBanner([]);
    setConflict(null);
    try {
      const saved = await save.mutateAsync({
        version: def.version,
        fields: v.fields.map((f) => {
          const numeric = isNumericField(f);
          return {
            key: f.key.trim(),
            labelZh: f.labelZh,
            labelEn: f.labelEn,
            type: f.type,
            required: !!f.required,
            min: numeric ? (f.min ?? null) : null,
            max: numeric ? (f.max ?? null) : null,
            abnormalIfNonZero: f.type !== 'text' && !!f.abnormalIfNonZero,
          };
        }),
        rules: v.rules ?? [],
        deadline: v.deadline.format('HH:mm'),
        lockAfterDays: v.lockAfterDays,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('dailyReport.form.saved', { version: saved.version }));
    } catch (e) {
      if (isApiError(e, 'stale_version')) {
        const current = (e.details as { currentVersion?: number } | undefined)?.currentVersion;
        setConflict(current ?? def.version + 1);
        return;
      }
      setBanner(placeErrors(form, e));
    }
  };

  /** Removing a field also drops the rules that compare it. */
  const removeField = (index: number, remove: (i: number) => void) => {
    const key = form.getFieldValue(['fields', index, 'key']) as string;
    remove(index);
    const rules = (form.getFieldValue('rules') as Values['rules'] | undefined) ?? [];
    form.setFieldValue(
      'rules',
      rules.filter((r) => r.field !== key && r.lte !== key),
    );
  };

  const numericOptions = fields
    .filter((f) => f?.key && KEY_PATTERN.test(f.key) && isNumericField(f))
    .map((f) => ({ value: f.key, label: `${locale === 'en' ? f.labelEn : f.labelZh} (${f.key})` }));

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={() => void submit()}
      scrollToFirstError={{ block: 'center' }}
      onFinishFailed={() => setBanner([t('dailyReport.form.fixFields')])}
      data-testid="report-form"
    >
      <Flex vertical gap={16}>
        <Card variant="borderless">
          <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
            <Typography.Text>
              <Tag color="blue" data-testid="form-version">
                {t('dailyReport.form.versionN', { version: def.version })}
              </Tag>
              {def.createdBy
                ? t('dailyReport.form.savedBy', {
                    name: def.createdBy.displayName,
                    time: formatDateTime(def.createdAt),
                  })
                : t('dailyReport.form.defaultForm')}
              {def.note && def.note !== 'default' ? ` · ${def.note}` : ''}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
            {t('dailyReport.form.intro')}
          </Typography.Paragraph>
          <Flex gap={24} wrap>
            <Form.Item
              name="deadline"
              label={t('dailyReport.form.deadline')}
              extra={t('dailyReport.form.deadlineHint')}
              rules={[{ required: true, message: t('dailyReport.form.deadlineRequired') }]}
              style={{ width: 260 }}
            >
              <TimePicker format="HH:mm" allowClear={false} needConfirm={false} data-testid="form-deadline" />
            </Form.Item>
            <Form.Item
              name="lockAfterDays"
              label={t('dailyReport.form.lockAfterDays')}
              extra={t('dailyReport.form.lockHint')}
              rules={[{ required: true, type: 'integer', min: 0, max: 60 }]}
              style={{ width: 300 }}
            >
              <InputNumber min={0} max={60} precision={0} suffix={t('dailyReport.form.days')} />
            </Form.Item>
            <Form.Item label={t('dailyReport.form.whoReports')} style={{ flex: '1 1 260px' }}>
              <Typography.Text type="secondary">{t('dailyReport.form.expectedRule')}</Typography.Text>
            </Form.Item>
          </Flex>
        </Card>

        <Card variant="borderless" title={t('dailyReport.form.fields')} data-testid="form-fields">
          <Form.List name="fields">
            {(rows, { add, remove, move }) => {
              const columns: TableColumnsType<(typeof rows)[number]> = [
                {
                  title: t('dailyReport.form.order'),
                  key: 'order',
                  width: 72,
                  render: (_, row, i) => (
                    <Flex gap={2}>
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowUpOutlined />}
                        disabled={i === 0}
                        aria-label={t('dailyReport.form.moveUp')}
                        onClick={() => move(row.name, row.name - 1)}
                        data-testid={`field-up-${i}`}
                      />
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowDownOutlined />}
                        disabled={i === rows.length - 1}
                        aria-label={t('dailyReport.form.moveDown')}
                        onClick={() => move(row.name, row.name + 1)}
                        data-testid={`field-down-${i}`}
                      />
                    </Flex>
                  ),
                },
                {
                  title: t('dailyReport.form.key'),
                  key: 'key',
                  width: 170,
                  render: (_, row) => {
                    const field = fields[row.name];
                    const key = field?.key ?? '';
                    // A saved field keeps its key (reports refer to it); only a new one takes input.
                    return field?.isNew ? (
                      <Form.Item
                        name={[row.name, 'key']}
                        style={{ marginBottom: 0 }}
                        rules={[
                          { required: true, message: t('dailyReport.form.keyRequired') },
                          { pattern: KEY_PATTERN, message: t('dailyReport.form.keyPattern') },
                          {
                            validator: async (_r, v: string) => {
                              const same = (form.getFieldValue('fields') as Field[]).filter(
                                (f) => f?.key === v,
                              );
                              if (v && same.length > 1) throw new Error(t('dailyReport.form.keyDuplicate'));
                            },
                          },
                        ]}
                      >
                        <Input placeholder="maskStockDays" data-testid={`field-key-${row.name}`} />
                      </Form.Item>
                    ) : (
                      <Flex gap={4} align="center" wrap data-testid={`field-key-${row.name}`}>
                        <Typography.Text code>{key}</Typography.Text>
                        {KPI_FIELDS[key] && (
                          <Tooltip title={t('dailyReport.form.kpiHint')}>
                            <Tag color="gold">{t('dailyReport.form.kpi')}</Tag>
                          </Tooltip>
                        )}
                      </Flex>
                    );
                  },
                },
                {
                  title: t('dailyReport.form.labelZh'),
                  key: 'labelZh',
                  render: (_, row) => (
                    <Form.Item
                      name={[row.name, 'labelZh']}
                      style={{ marginBottom: 0 }}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          max: 50,
                          message: t('dailyReport.form.labelRequired'),
                        },
                      ]}
                    >
                      <Input maxLength={50} data-testid={`field-labelZh-${row.name}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('dailyReport.form.labelEn'),
                  key: 'labelEn',
                  render: (_, row) => (
                    <Form.Item
                      name={[row.name, 'labelEn']}
                      style={{ marginBottom: 0 }}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          max: 100,
                          message: t('dailyReport.form.labelRequired'),
                        },
                      ]}
                    >
                      <Input maxLength={100} data-testid={`field-labelEn-${row.name}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('dailyReport.form.type'),
                  key: 'type',
                  width: 120,
                  render: (_, row) =>
                    fields[row.name]?.isNew ? (
                      <Form.Item name={[row.name, 'type']} style={{ marginBottom: 0 }}>
                        <Select<ReportFieldType>
                          options={REPORT_FIELD_TYPES.map((v) => ({
                            value: v,
                            label: label(REPORT_FIELD_TYPE_LABELS[v]),
                          }))}
                          data-testid={`field-type-${row.name}`}
                        />
                      </Form.Item>
                    ) : (
                      label(REPORT_FIELD_TYPE_LABELS[fields[row.name]?.type ?? 'text'])
                    ),
                },
                {
                  title: t('dailyReport.form.required'),
                  key: 'required',
                  width: 64,
                  align: 'center',
                  render: (_, row) => (
                    <Form.Item
                      name={[row.name, 'required']}
                      valuePropName="checked"
                      style={{ marginBottom: 0 }}
                    >
                      <Switch size="small" data-testid={`field-required-${row.name}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('dailyReport.form.bounds'),
                  key: 'bounds',
                  width: 190,
                  render: (_, row) => {
                    const numeric = isNumericField({ type: fields[row.name]?.type ?? 'text' });
                    return numeric ? (
                      <Flex gap={4} align="start">
                        <Form.Item name={[row.name, 'min']} style={{ marginBottom: 0 }}>
                          <InputNumber
                            placeholder={t('dailyReport.form.min')}
                            style={{ width: 84 }}
                            data-testid={`field-min-${row.name}`}
                          />
                        </Form.Item>
                        <span style={{ lineHeight: '32px' }}>–</span>
                        <Form.Item name={[row.name, 'max']} style={{ marginBottom: 0 }}>
                          <InputNumber
                            placeholder={t('dailyReport.form.max')}
                            style={{ width: 92 }}
                            data-testid={`field-max-${row.name}`}
                          />
                        </Form.Item>
                      </Flex>
                    ) : (
                      <Typography.Text type="secondary">—</Typography.Text>
                    );
                  },
                },
                {
                  title: (
                    <Tooltip title={t('dailyReport.form.abnormalHint')}>
                      {t('dailyReport.form.abnormal')}
                    </Tooltip>
                  ),
                  key: 'abnormal',
                  width: 72,
                  align: 'center',
                  render: (_, row) =>
                    fields[row.name]?.type === 'text' ? (
                      <Typography.Text type="secondary">—</Typography.Text>
                    ) : (
                      <Form.Item
                        name={[row.name, 'abnormalIfNonZero']}
                        valuePropName="checked"
                        style={{ marginBottom: 0 }}
                      >
                        <Switch size="small" data-testid={`field-abnormal-${row.name}`} />
                      </Form.Item>
                    ),
                },
                {
                  title: '',
                  key: 'remove',
                  width: 48,
                  render: (_, row) => {
                    const key = fields[row.name]?.key ?? '';
                    return (
                      <Tooltip
                        title={KPI_FIELDS[key] ? t('dailyReport.form.kpiHint') : t('dailyReport.form.remove')}
                      >
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={!!KPI_FIELDS[key] || rows.length <= 1}
                          aria-label={t('dailyReport.form.remove')}
                          onClick={() => removeField(row.name, remove)}
                          data-testid={`field-remove-${row.name}`}
                        />
                      </Tooltip>
                    );
                  },
                },
              ];
              return (
                <Flex vertical gap={12}>
                  <ScrollX minWidth={1080}>
                    <Table
                      size="small"
                      rowKey="key"
                      pagination={false}
                      columns={columns}
                      dataSource={rows}
                      data-testid="form-field-table"
                    />
                  </ScrollX>
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={rows.length >= 50}
                    onClick={() => add(newField())}
                    style={{ width: 220 }}
                    data-testid="field-add"
                  >
                    {t('dailyReport.form.addField')}
                  </Button>
                </Flex>
              );
            }}
          </Form.List>
        </Card>

        <Card variant="borderless" title={t('dailyReport.form.rules')} data-testid="form-rules">
          <Typography.Paragraph type="secondary">{t('dailyReport.form.rulesHint')}</Typography.Paragraph>
          <Form.List name="rules">
            {(rows, { add, remove }) => (
              <Flex vertical gap={8}>
                {rows.map((row) => (
                  <Flex key={row.key} gap={8} align="start" wrap>
                    <Form.Item
                      name={[row.name, 'field']}
                      style={{ marginBottom: 0, width: 320 }}
                      rules={[{ required: true, message: t('dailyReport.form.ruleRequired') }]}
                    >
                      <Select options={numericOptions} showSearch={{ optionFilterProp: 'label' }} />
                    </Form.Item>
                    <span style={{ lineHeight: '32px' }}>≤</span>
                    <Form.Item
                      name={[row.name, 'lte']}
                      style={{ marginBottom: 0, width: 320 }}
                      rules={[{ required: true, message: t('dailyReport.form.ruleRequired') }]}
                    >
                      <Select options={numericOptions} showSearch={{ optionFilterProp: 'label' }} />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('dailyReport.form.remove')}
                      onClick={() => remove(row.name)}
                    />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ field: undefined, lte: undefined })}
                  disabled={rows.length >= 50}
                  style={{ width: 220 }}
                >
                  {t('dailyReport.form.addRule')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>

        <Card variant="borderless">
          <Form.Item name="note" label={t('dailyReport.form.note')}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t('dailyReport.form.notePlaceholder')} />
          </Form.Item>
          {(conflict !== null || banner.length > 0) && (
            <Flex vertical gap={8} style={{ marginBottom: 12 }}>
              {conflict !== null && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="form-conflict"
                  title={t('dailyReport.form.conflict', { version: conflict })}
                  action={
                    <Button size="small" icon={<ReloadOutlined />} onClick={reload} data-testid="form-reload">
                      {t('dailyReport.form.reload')}
                    </Button>
                  }
                />
              )}
              {banner.length > 0 && (
                <Alert type="error" showIcon title={banner.join('；')} data-testid="form-error" />
              )}
            </Flex>
          )}
          <Flex gap={8} wrap>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SaveOutlined />}
              loading={save.isPending}
              data-testid="form-save"
            >
              {t('dailyReport.form.save', { version: def.version + 1 })}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setBanner([]);
              }}
            >
              {t('dailyReport.form.discard')}
            </Button>
          </Flex>
        </Card>
      </Flex>
    </Form>
  );
}

/** Puts each server problem on its input; returns those that belong to no input. */
function placeErrors(form: FormInstance, err: unknown): string[] {
  if (!(err instanceof ApiError) || err.fieldProblems.length === 0) return [errorMessage(err)];
  const byName = new Map<string, { name: Name; errors: string[] }>();
  const rest: string[] = [];
  for (const p of err.fieldProblems) {
    const name = nameOf(p.path);
    if (!name) {
      rest.push(p.message);
      continue;
    }
    const id = name.join('.');
    const entry = byName.get(id) ?? { name, errors: [] };
    entry.errors.push(p.message);
    byName.set(id, entry);
  }
  const placed = [...byName.values()];
  form.setFields(placed.map(({ name, errors }) => ({ name, errors })));
  if (placed.length) form.scrollToField(placed[0].name, { block: 'center' });
  return [rest.length ? `${err.message}: ${rest.join('；')}` : err.message];
}
