import { DeleteOutlined, EyeOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  ENTERPRISE_FLAG_LABELS,
  ENTERPRISE_FLAGS,
  type EnterpriseFlag,
  SIZE_CLASS_LABELS,
  SIZE_CLASSES,
  type SizeClass,
} from '../../../../shared/enums';
import { ApiError, api, isApiError } from '../../api/client';
import { useDivisionIndex, useIndustries } from '../../api/reference';
import { RKEYS, usePlan } from '../../api/resumption';
import type { PhaseInput, PlanInput, PlanPreview, PlanView } from '../../api/types';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import i18n, { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { testId } from '../../lib/testId';

interface PhaseForm {
  /** Loaded from the server (its code can no longer change), not added on this page. */
  stored: boolean;
  code: string;
  name: string;
  nameEn?: string;
  held: boolean;
  earliestDate: Dayjs | null;
  priority: number;
  requiresVerification: boolean;
  flags: EnterpriseFlag[];
  industryPrefixes: string[];
  sizeClasses: SizeClass[];
  aboveScale: 'any' | 'yes' | 'no';
}
interface FormValues {
  phases: PhaseForm[];
}

/** What the save claims to have read: the plan's version and each stored phase's. */
interface Base {
  version: number;
  phaseVersions: Map<string, number>;
}

const CODE = /^[a-z][a-z0-9_-]{1,31}$/;
const PREFIX = /^\d{2,4}$/;
const PHASE_FIELDS = new Set([
  'code',
  'name',
  'nameEn',
  'earliestDate',
  'priority',
  'requiresVerification',
  'flags',
  'industryPrefixes',
  'sizeClasses',
  'aboveScale',
]);

function baseOf(plan: PlanView): Base {
  return { version: plan.version, phaseVersions: new Map(plan.phases.map((p) => [p.code, p.version])) };
}

function toForm(plan: PlanView): FormValues {
  return {
    phases: plan.phases.map((p) => ({
      stored: true,
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      held: p.earliestDate === null,
      earliestDate: p.earliestDate ? dayjs(p.earliestDate) : null,
      priority: p.priority,
      requiresVerification: p.requiresVerification,
      flags: p.rule.flags ?? [],
      industryPrefixes: p.rule.industryPrefixes ?? [],
      sizeClasses: p.rule.sizeClasses ?? [],
      aboveScale: p.rule.aboveScale === undefined ? 'any' : p.rule.aboveScale ? 'yes' : 'no',
    })),
  };
}

function toInput(v: FormValues, base: Base): PlanInput {
  return {
    version: base.version,
    phases: v.phases.map((p): PhaseInput => {
      const version = base.phaseVersions.get(p.code.trim());
      return {
        code: p.code.trim(),
        name: p.name.trim(),
        ...(p.nameEn?.trim() ? { nameEn: p.nameEn.trim() } : {}),
        earliestDate: p.held || !p.earliestDate ? null : p.earliestDate.format('YYYY-MM-DD'),
        priority: p.priority,
        requiresVerification: p.requiresVerification,
        rule: {
          ...(p.flags?.length ? { flags: p.flags } : {}),
          ...(p.industryPrefixes?.length
            ? { industryPrefixes: p.industryPrefixes.map((x) => x.trim()) }
            : {}),
          ...(p.sizeClasses?.length ? { sizeClasses: p.sizeClasses } : {}),
          ...(p.aboveScale !== 'any' ? { aboveScale: p.aboveScale === 'yes' } : {}),
        },
        ...(version !== undefined ? { version } : {}),
      };
    }),
  };
}

/** "phases.2.rule.industryPrefixes.1" → ['phases', 2, 'industryPrefixes'] (the form keeps the rule flat). */
function planFieldName(path: string): (string | number)[] | null {
  const parts = path.replace(/^body\./, '').split('.');
  if (parts[0] !== 'phases' || !/^\d+$/.test(parts[1] ?? '')) return null;
  const field = parts[2] === 'rule' ? parts[3] : parts[2];
  return field && PHASE_FIELDS.has(field) ? ['phases', Number(parts[1]), field] : null;
}

/**
 * The field problems of a 400. A duplicate code names the other phase by its 0-based index; the
 * page numbers phases from 1, so that sentence is phrased here.
 */
function planProblems(err: ApiError): { path: string; message: string }[] {
  const raw = Array.isArray(err.details)
    ? (err.details as { reason?: string; params?: Record<string, unknown> }[])
    : [];
  return err.fieldProblems.map((p, i) => {
    const d = raw[i];
    if (d?.reason === 'duplicate_phase_code' && typeof d.params?.other === 'number')
      return {
        path: p.path,
        message: i18n.t('plan.duplicateCode', { value: d.params.value, n: d.params.other + 1 }),
      };
    return p;
  });
}

/** /resumption/plan — the commander edits the phased plan, previews how many enterprises move, saves. */
export default function PlanPage() {
  const plan = usePlan();
  if (plan.isLoading) return <PageSpinner />;
  if (plan.error || !plan.data) return <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />;
  return <PlanEditor plan={plan.data} refetch={plan.refetch} />;
}

function PlanEditor({ plan, refetch }: { plan: PlanView; refetch: () => Promise<{ data?: PlanView }> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const initial = useMemo(() => toForm(plan), [plan]);
  const [base, setBase] = useState<Base>(() => baseOf(plan));
  const [banner, setBanner] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [preview, setPreview] = useState<{ result: PlanPreview; names: Map<string, string> } | null>(null);
  const [confirm, setConfirm] = useState<{ input: PlanInput; result: PlanPreview } | null>(null);

  const namesOf = (v: FormValues) => {
    const m = new Map(plan.phases.map((p) => [p.code, p.name]));
    for (const p of v.phases) if (p.code) m.set(p.code.trim(), p.name);
    return m;
  };

  const showProblems = (err: unknown) => {
    setBanner(null);
    if (isApiError(err, 'stale_version')) {
      setStale(true);
      return;
    }
    if (err instanceof ApiError && err.fieldProblems.length) {
      const rest: string[] = [];
      const fields: { name: (string | number)[]; errors: string[] }[] = [];
      for (const p of planProblems(err)) {
        const name = planFieldName(p.path);
        if (name) fields.push({ name, errors: [p.message] });
        else rest.push(p.path ? `${p.path}: ${p.message}` : p.message);
      }
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setBanner(rest.length ? `${err.message}: ${rest.join('; ')}` : err.message);
      return;
    }
    setBanner(errorMessage(err));
  };

  const previewMutation = useMutation({
    mutationFn: (input: PlanInput) => api.post<PlanPreview>('/api/resumption/phases/preview', input),
    onError: showProblems,
  });
  const saveMutation = useMutation({
    mutationFn: (input: PlanInput) => api.put<PlanView>('/api/resumption/phases', input),
    onSuccess: (saved) => {
      qc.setQueryData(RKEYS.plan, saved);
      void qc.invalidateQueries({ queryKey: ['enterprise'] });
      void qc.invalidateQueries({ queryKey: RKEYS.applications });
      setBase(baseOf(saved));
      form.setFieldsValue(toForm(saved));
      setConfirm(null);
      setPreview(null);
      setBanner(null);
      setStale(false);
      message.success(t('plan.saved', { version: saved.version }));
    },
    onError: (err) => {
      setConfirm(null);
      showProblems(err);
    },
  });

  const runPreview = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const values = form.getFieldsValue(true) as FormValues;
    setBanner(null);
    const result = await previewMutation.mutateAsync(toInput(values, base)).catch(() => null);
    if (result) setPreview({ result, names: namesOf(values) });
  };

  // Saving always shows the preview of exactly what is saved, and asks.
  const startSave = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const values = form.getFieldsValue(true) as FormValues;
    const input = toInput(values, base);
    setBanner(null);
    const result = await previewMutation.mutateAsync(input).catch(() => null);
    if (!result) return;
    setPreview({ result, names: namesOf(values) });
    setConfirm({ input, result });
  };

  const reload = async (keepMine: boolean) => {
    const latest = (await refetch()).data;
    if (!latest) return;
    setBase(baseOf(latest));
    if (!keepMine) form.setFieldsValue(toForm(latest));
    setStale(false);
    setPreview(null);
    if (keepMine) message.info(t('plan.staleKept'));
  };

  const addPhase = (add: (v: PhaseForm) => void) => {
    const phases = (form.getFieldValue('phases') as PhaseForm[]) ?? [];
    add({
      stored: false,
      code: '',
      name: '',
      nameEn: '',
      held: false,
      earliestDate: null,
      priority: Math.max(0, ...phases.map((p) => p.priority ?? 0)) + 10,
      requiresVerification: true,
      flags: [],
      industryPrefixes: [],
      sizeClasses: [],
      aboveScale: 'any',
    });
  };

  return (
    <div data-testid="plan-page">
      <PageHeader
        title={t('menu.resumptionPlan')}
        extra={
          <>
            <Button
              icon={<EyeOutlined />}
              loading={previewMutation.isPending && !confirm}
              onClick={() => void runPreview()}
              data-testid="plan-preview"
            >
              {t('plan.preview')}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={saveMutation.isPending}
              onClick={() => void startSave()}
              data-testid="plan-save"
            >
              {t('plan.save')}
            </Button>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Alert
          type="info"
          showIcon
          title={t('plan.howItWorks')}
          description={t('plan.versionLine', {
            version: base.version,
            time: formatDateTime(plan.updatedAt),
          })}
        />
        {stale && (
          <Alert
            type="warning"
            showIcon
            data-testid="stale-warning"
            title={t('plan.staleTitle')}
            description={t('plan.staleDescription')}
            action={
              <Flex vertical gap={8}>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => void reload(true)}
                  data-testid="stale-keep"
                >
                  {t('plan.staleKeep')}
                </Button>
                <Button size="small" danger onClick={() => void reload(false)}>
                  {t('plan.staleDiscard')}
                </Button>
              </Flex>
            }
          />
        )}
        {banner && <Alert type="error" showIcon title={banner} data-testid="form-error" />}
        {preview && <PreviewResult preview={preview.result} names={preview.names} />}
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onValuesChange={() => setPreview(null)}
        >
          <Form.List name="phases">
            {(fields, { add, remove }) => (
              <Flex vertical gap={16}>
                {fields.map((field, i) => (
                  <PhaseCard
                    key={field.key}
                    index={i}
                    fieldName={field.name}
                    onRemove={() => remove(field.name)}
                    canRemove={fields.length > 1}
                  />
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => addPhase(add)} block>
                  {t('plan.addPhase')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Flex>
      <Modal
        open={!!confirm}
        title={t('plan.confirmTitle')}
        okText={t('plan.confirmSave')}
        okButtonProps={{ loading: saveMutation.isPending, ...testId('plan-save-confirm') }}
        onOk={() => confirm && saveMutation.mutate(confirm.input)}
        onCancel={() => setConfirm(null)}
        width={560}
      >
        {confirm && (
          <Flex vertical gap={8}>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('plan.confirmMoved', { moved: confirm.result.moved, total: confirm.result.total })}
            </Typography.Paragraph>
            {confirm.result.unmatched > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('plan.unmatched', { count: confirm.result.unmatched })}
              />
            )}
          </Flex>
        )}
      </Modal>
    </div>
  );
}

function PhaseCard({
  index,
  fieldName,
  onRemove,
  canRemove,
}: {
  index: number;
  fieldName: number;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  const { label, name } = useLocale();
  const form = Form.useFormInstance<FormValues>();
  const held = Form.useWatch(['phases', fieldName, 'held'], form) as boolean | undefined;
  const phaseName = Form.useWatch(['phases', fieldName, 'name'], form) as string | undefined;
  const stored = Form.useWatch(['phases', fieldName, 'stored'], { form, preserve: true }) as
    | boolean
    | undefined;
  const { data: industries } = useIndustries();
  const prefixOptions = useMemo(
    () =>
      (industries ?? [])
        .filter((i) => PREFIX.test(i.code))
        .map((i) => ({ value: i.code, label: `${i.code} ${name(i)}` })),
    [industries, name],
  );
  const col = { xs: 24, md: 12, xl: 6 };
  return (
    <Card
      variant="borderless"
      data-testid={`phase-${index}`}
      title={
        <Flex gap={8} align="center" wrap>
          {t('plan.phaseN', { n: index + 1 })}
          <Typography.Text type="secondary">{phaseName}</Typography.Text>
          {held && <Tag color="default">{t('resumption.noDateHeld')}</Tag>}
          {!stored && <Tag color="blue">{t('plan.newPhase')}</Tag>}
        </Flex>
      }
      extra={
        canRemove && (
          <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove}>
            {t('plan.remove')}
          </Button>
        )
      }
    >
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item
            name={[fieldName, 'code']}
            label={t('plan.fields.code')}
            rules={[
              { required: true, message: t('plan.codeRule') },
              { pattern: CODE, message: t('plan.codeRule') },
            ]}
          >
            <Input disabled={stored} maxLength={32} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name={[fieldName, 'name']}
            label={t('plan.fields.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('plan.fields.name') }),
              },
            ]}
          >
            <Input maxLength={50} data-testid={`phase-${index}-name`} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name={[fieldName, 'nameEn']} label={t('plan.fields.nameEn')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name={[fieldName, 'priority']}
            label={t('plan.fields.priority')}
            extra={t('plan.priorityHint')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 0,
                max: 10000,
                message: t('validation.integerRange', { min: 0, max: 10000 }),
              },
            ]}
          >
            <InputNumber<number> min={0} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name={[fieldName, 'earliestDate']}
            label={t('plan.fields.earliestDate')}
            rules={[{ required: !held, message: t('plan.dateOrHeld') }]}
          >
            <DatePicker style={{ width: '100%' }} disabled={held} data-testid={`phase-${index}-date`} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name={[fieldName, 'held']} label={t('plan.fields.held')} valuePropName="checked">
            <Checkbox
              onChange={(ev) => {
                if (ev.target.checked) form.setFieldValue(['phases', fieldName, 'earliestDate'], null);
              }}
            >
              {t('plan.heldLabel')}
            </Checkbox>
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name={[fieldName, 'requiresVerification']}
            label={t('plan.fields.requiresVerification')}
            valuePropName="checked"
            extra={t('plan.verificationHint')}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('plan.rule')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('plan.ruleHint')}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={[fieldName, 'flags']} label={t('plan.fields.flags')} extra={t('plan.anyOf')}>
            <Select<EnterpriseFlag[]>
              mode="multiple"
              allowClear
              placeholder={t('plan.anyValue')}
              options={ENTERPRISE_FLAGS.map((f) => ({ value: f, label: label(ENTERPRISE_FLAG_LABELS[f]) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={[fieldName, 'industryPrefixes']}
            label={t('plan.fields.industryPrefixes')}
            extra={t('plan.prefixHint')}
            rules={[
              {
                validator: (_, v: string[] | undefined) => {
                  const bad = (v ?? []).filter((x) => !PREFIX.test(x.trim()));
                  return bad.length
                    ? Promise.reject(new Error(t('plan.prefixBad', { values: bad.join(', ') })))
                    : Promise.resolve();
                },
              },
            ]}
          >
            <Select<string[]>
              mode="tags"
              allowClear
              tokenSeparators={[',', '，', ' ']}
              placeholder={t('plan.anyValue')}
              showSearch={{ optionFilterProp: 'label' }}
              options={prefixOptions}
              data-testid={`phase-${index}-prefixes`}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={[fieldName, 'sizeClasses']}
            label={t('plan.fields.sizeClasses')}
            extra={t('plan.anyOf')}
          >
            <Select<SizeClass[]>
              mode="multiple"
              allowClear
              placeholder={t('plan.anyValue')}
              options={SIZE_CLASSES.map((s) => ({ value: s, label: label(SIZE_CLASS_LABELS[s]) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[fieldName, 'aboveScale']} label={t('plan.fields.aboveScale')}>
            <Select
              options={[
                { value: 'any', label: t('plan.aboveScaleAny') },
                { value: 'yes', label: t('plan.aboveScaleYes') },
                { value: 'no', label: t('plan.aboveScaleNo') },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

function PreviewResult({ preview, names }: { preview: PlanPreview; names: Map<string, string> }) {
  const { t } = useTranslation();
  const { locale, name } = useLocale();
  const { byCode } = useDivisionIndex();
  const phaseName = (code: string | null) => (code === null ? t('plan.noPhase') : (names.get(code) ?? code));
  return (
    <Card title={t('plan.previewTitle')} variant="borderless" data-testid="plan-preview-result">
      <Flex vertical gap={16}>
        <Flex gap={32} wrap>
          <Statistic title={t('plan.evaluated')} value={formatNumber(preview.total, locale)} />
          <Statistic
            title={t('plan.moved')}
            value={formatNumber(preview.moved, locale)}
            styles={{ content: { color: preview.moved ? '#d46b08' : undefined } }}
          />
          <Statistic title={t('plan.unmatchedTitle')} value={formatNumber(preview.unmatched, locale)} />
        </Flex>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2, md: 3, lg: 4, xl: 4, xxl: 4 }}
          items={Object.entries(preview.byPhase).map(([code, n]) => ({
            key: code,
            label: phaseName(code),
            children: t('plan.enterprises', { count: n, formatted: formatNumber(n, locale) }),
          }))}
        />
        {preview.unmatched > 0 && (
          <Alert type="warning" showIcon title={t('plan.unmatched', { count: preview.unmatched })} />
        )}
        {preview.sample.length > 0 && (
          <>
            <Typography.Text type="secondary">
              {t('plan.sample', { shown: preview.sample.length, moved: preview.moved })}
            </Typography.Text>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={preview.sample}
              columns={[
                {
                  title: t('enterprise.fields.name'),
                  dataIndex: 'name',
                  render: (v: string, r) => <Link to={`/enterprises/${r.id}`}>{v}</Link>,
                },
                {
                  title: t('enterprise.fields.division'),
                  dataIndex: 'divisionCode',
                  render: (c: string) => name(byCode.get(c), c),
                },
                { title: t('plan.from'), dataIndex: 'from', render: (c: string | null) => phaseName(c) },
                {
                  title: t('plan.to'),
                  dataIndex: 'to',
                  render: (c: string | null) => <Tag color="orange">{phaseName(c)}</Tag>,
                },
              ]}
            />
          </>
        )}
      </Flex>
    </Card>
  );
}
