import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RESUMPTION_STATUS_LABELS } from '../../../../shared/enums';
import { missingItems } from '../../../../shared/resumption';
import { ApiError, api, isApiError } from '../../api/client';
import { RKEYS, useApplication, useEnterpriseApplications, useMyEnterprises } from '../../api/resumption';
import type {
  ApplicationContent,
  ApplicationCreateBody,
  ApplicationDetail,
  ApplicationUpdateBody,
  EnterpriseView,
} from '../../api/types';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useEnterprise } from '../enterprises/EnterpriseDetail';
import { ApplicationDetailView, RevisionsCard, useApplicationWritten } from './ApplicationDetail';
import { AttachmentField } from './Attachments';
import {
  fieldName,
  ITEMS,
  itemLabel,
  type MissingDetail,
  missingDetails,
  problemText,
  sectionLabel,
} from './content';
import { StatusReportButton } from './EnterpriseResumption';
import { resumptionError } from './errors';
import { RESUMPTION_STATUS_COLORS } from './status';

const OPEN = ['draft', 'submitted', 'returned'];

/**
 * /resumption/apply[?enterpriseId=] — the enterprise's own application (or, for a liaison, the
 * application of one of their enterprises): start, save as draft, submit; after a return, edit and
 * resubmit; once submitted, follow it.
 */
export default function ApplicationForm() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const enterpriseId = Number(params.get('enterpriseId')) || me.enterpriseId || undefined;
  const mine = useMyEnterprises(me.role === 'liaison');

  return (
    <div data-testid="application-form-page">
      <PageHeader title={t('application.title')} />
      {me.role === 'liaison' && (
        <Card variant="borderless" style={{ marginBottom: 16 }}>
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('application.onBehalfOf')}</Typography.Text>
            <Select<number>
              style={{ width: '100%', maxWidth: 480 }}
              placeholder={t('application.pickEnterprise')}
              value={enterpriseId}
              loading={mine.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v) => setParams({ enterpriseId: String(v) }, { replace: true })}
              options={(mine.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
              data-testid="apply-enterprise"
            />
          </Flex>
        </Card>
      )}
      {enterpriseId ? (
        <ForEnterprise key={enterpriseId} enterpriseId={enterpriseId} />
      ) : (
        <Empty description={t('application.pickEnterprise')} />
      )}
    </div>
  );
}

function ForEnterprise({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const ent = useEnterprise(String(enterpriseId));
  const apps = useEnterpriseApplications(enterpriseId);
  const open = apps.data?.items.find((a) => OPEN.includes(a.status));
  const latest = open ?? apps.data?.items[0];
  const detail = useApplication(latest?.id);

  if (ent.isLoading || apps.isLoading || (latest && detail.isLoading)) return <PageSpinner />;
  const error = ent.error ?? apps.error ?? detail.error;
  if (error || !ent.data || !apps.data)
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          void ent.refetch();
          void apps.refetch();
        }}
      />
    );
  const e = ent.data;
  const d = latest ? detail.data : undefined;

  const editable = d && (d.status === 'draft' || d.status === 'returned') && d.abilities.includes('edit');
  const mayStart =
    !open &&
    e.abilities.includes('resumption.apply') &&
    ['not_applied', 'returned', 'suspended'].includes(e.resumptionStatus ?? 'not_applied');

  return (
    <Flex vertical gap={16}>
      <EnterpriseStrip enterprise={e} />
      {editable || mayStart ? (
        // One editor instance from the first save on: a new draft must not remount it mid-submit.
        <Editor enterprise={e} existing={editable ? d : undefined} />
      ) : d ? (
        <>
          {d.status === 'approved' && e.resumptionStatus === 'approved' && (
            <Alert
              type="success"
              showIcon
              title={t('application.approvedReport')}
              action={<StatusReportButton enterprise={e} />}
            />
          )}
          <ApplicationDetailView id={d.id} />
        </>
      ) : (
        <Empty description={t('application.cannotApply')} />
      )}
    </Flex>
  );
}

function EnterpriseStrip({ enterprise: e }: { enterprise: EnterpriseView }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  return (
    <Card variant="borderless" size="small">
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>{e.name}</Typography.Text>
        <Typography.Text type="secondary">{e.divisionName}</Typography.Text>
        {e.resumptionStatus && (
          <StatusTag
            value={e.resumptionStatus}
            labels={RESUMPTION_STATUS_LABELS}
            colors={RESUMPTION_STATUS_COLORS}
            testId="enterprise-resumption-status"
          />
        )}
        {e.phase && (
          <Tag color={e.phase.open ? 'blue' : 'default'} style={{ whiteSpace: 'normal' }}>
            {t('resumption.phaseIs', { name: name(e.phase) })}
            {' · '}
            {e.phase.earliestDate
              ? t('resumption.earliestFrom', { date: e.phase.earliestDate })
              : t('resumption.noDateHeld')}
          </Tag>
        )}
      </Flex>
    </Card>
  );
}

type Num = number | null | undefined;
interface FormValues {
  plannedDate?: Dayjs | null;
  workforce?: Partial<
    Record<
      'normalWorkforce' | 'returningWorkers' | 'fromOutsideProvince' | 'fromKeyAreas' | 'underObservation',
      Num
    >
  >;
  prevention?: {
    maskStockDays?: Num;
    disinfectantStockDays?: Num;
    temperatureCheckpoints?: Num;
    isolationRoom?: boolean;
    canteenArrangement?: string;
    shuttleDormitoryArrangement?: string;
    emergencyPlan?: boolean;
    preventionOfficer?: { name?: string; phone?: string };
  };
  attachmentIds?: number[];
  safety?: Partial<
    Record<
      'equipmentChecked' | 'hazardousMaterialsInspected' | 'safetyTrainingDone' | 'emergencyDrillDone',
      boolean
    >
  >;
}

/** Form values → content: empty numbers and texts left out (a draft may be incomplete). */
function toContent(v: FormValues): ApplicationContent {
  const clean = (o: Record<string, unknown> | undefined): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o ?? {})) {
      if (x === null || x === undefined) continue;
      if (typeof x === 'string') {
        if (x.trim()) out[k] = x.trim();
      } else if (typeof x === 'object') {
        const inner = clean(x as Record<string, unknown>);
        if (Object.keys(inner).length) out[k] = inner;
      } else out[k] = x;
    }
    return out;
  };
  return {
    plannedDate: v.plannedDate ? v.plannedDate.format('YYYY-MM-DD') : null,
    workforce: clean(v.workforce),
    prevention: clean(v.prevention),
    safety: clean(v.safety),
    attachmentIds: v.attachmentIds ?? [],
  };
}

function toValues(d: ApplicationDetail | undefined): FormValues {
  if (!d) return { workforce: {}, prevention: {}, safety: {}, attachmentIds: [] };
  return {
    plannedDate: d.plannedDate ? dayjs(d.plannedDate) : null,
    workforce: { ...d.workforce },
    prevention: { ...d.prevention, preventionOfficer: { ...d.prevention.preventionOfficer } },
    safety: { ...d.safety },
    attachmentIds: d.attachmentIds,
  };
}

const PHONE = /^$|^[0-9+\-() ]{5,20}$/;

/** The application form: new (no `existing`) or a draft / returned application. */
function Editor({ enterprise: e, existing }: { enterprise: EnterpriseView; existing?: ApplicationDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const written = useApplicationWritten();
  const screens = Grid.useBreakpoint();
  const phone = !screens.sm;
  const [form] = Form.useForm<FormValues>();
  const initial = useMemo(() => toValues(existing), [existing]);
  const [current, setCurrent] = useState<{ id: number; version: number } | null>(
    existing ? { id: existing.id, version: existing.version } : null,
  );
  const [missing, setMissing] = useState<MissingDetail[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const watched = Form.useWatch((v: FormValues) => v, form);
  const action = useRef<'draft' | 'submit'>('submit');
  const stillMissing = useMemo(
    () => missingItems(toContent(watched ?? initial), e, me.today),
    [watched, initial, e, me.today],
  );

  const save = async (v: FormValues): Promise<ApplicationDetail> => {
    const content = toContent(v);
    const saved = current
      ? await api.patch<ApplicationDetail>(`/api/resumption-applications/${current.id}`, {
          version: current.version,
          ...content,
        } satisfies ApplicationUpdateBody)
      : await api.post<ApplicationDetail>('/api/resumption-applications', {
          enterpriseId: e.id,
          ...content,
        } satisfies ApplicationCreateBody);
    setCurrent({ id: saved.id, version: saved.version });
    return saved;
  };

  /** Server problems onto the fields they name; the rest into the banner. */
  const showProblems = (err: unknown) => {
    setBanner(null);
    setMissing([]);
    if (isApiError(err, 'stale_version')) {
      setStale(true);
      return;
    }
    if (isApiError(err, 'application_exists')) {
      setBanner(err.message);
      void qc.invalidateQueries({ queryKey: RKEYS.applications });
      return;
    }
    if (
      err instanceof ApiError &&
      (err.code === 'incomplete_application' || err.code === 'validation_failed')
    ) {
      const items = missingDetails(err.details);
      const onFields = items.filter((d) => fieldName(d.path));
      // Paths come from the server; the form's typed names cannot know them statically.
      form.setFields(
        onFields.map((d) => ({ name: fieldName(d.path)!, errors: [problemText(t, d)] })) as Parameters<
          typeof form.setFields
        >[0],
      );
      if (err.code === 'incomplete_application') {
        setMissing(items);
        setBanner(err.message);
      } else {
        const rest = items.filter((d) => !fieldName(d.path));
        setBanner(
          rest.length ? `${err.message}: ${rest.map((d) => d.message ?? d.path).join('; ')}` : err.message,
        );
      }
      return;
    }
    setBanner(resumptionError(err));
  };

  const draft = useMutation({
    mutationFn: save,
    onSuccess: (saved) => {
      written(saved);
      setBanner(null);
      message.success(t('application.draftSaved'));
    },
    onError: showProblems,
  });

  const submit = useMutation({
    mutationFn: async (v: FormValues) => {
      const saved = await save(v);
      written(saved);
      return api.post<ApplicationDetail>(`/api/resumption-applications/${saved.id}/submit`, {
        version: saved.version,
      });
    },
    onSuccess: (saved) => {
      setMissing([]);
      setBanner(null);
      written(saved);
      message.success(
        existing?.status === 'returned' ? t('application.resubmitted') : t('application.submitted'),
      );
      window.scrollTo({ top: 0 });
    },
    onError: showProblems,
  });

  const reloadKeepingInput = async () => {
    if (!current) return;
    const latest = await qc.fetchQuery({
      queryKey: RKEYS.application(current.id),
      queryFn: () => api.get<ApplicationDetail>(`/api/resumption-applications/${current.id}`),
    });
    setCurrent({ id: latest.id, version: latest.version });
    setStale(false);
    message.info(t('application.staleReloaded'));
  };

  const busy = draft.isPending || submit.isPending;
  const resubmit = existing?.status === 'returned';
  const lastReturn = existing
    ? [...existing.reviews].reverse().find((r) => r.decision === 'return')
    : undefined;
  const col = { xs: 24, md: 12 };
  const full = { style: { width: '100%' } };
  const num = (path: string, unit: string, max: number, precision = 0) => (
    <Form.Item
      name={path.split('.')}
      label={itemLabel(t, path)}
      rules={[{ type: 'number', min: 0, max, message: t('validation.numberRange', { min: 0, max }) }]}
    >
      <InputNumber<number>
        min={0}
        max={max}
        precision={precision}
        inputMode={precision ? 'decimal' : 'numeric'}
        suffix={unit}
        {...full}
        data-testid={`f-${path}`}
      />
    </Form.Item>
  );
  const check = (path: string, extra?: ReactNode) => (
    <Form.Item name={path.split('.')} valuePropName="checked" extra={extra} style={{ marginBottom: 12 }}>
      <Checkbox data-testid={`f-${path}`}>{itemLabel(t, path)}</Checkbox>
    </Form.Item>
  );
  const people = t('application.unitPeople');

  // Shown above the form on wide screens and below it everywhere; test ids name the lower pair.
  const buttons = (where: 'top' | 'bottom') => (
    <>
      <Button
        icon={<SaveOutlined />}
        loading={draft.isPending}
        disabled={busy && !draft.isPending}
        onClick={() => {
          action.current = 'draft';
          form.submit();
        }}
        block={phone}
        data-testid={where === 'bottom' ? 'application-save-draft' : undefined}
      >
        {t('application.saveDraft')}
      </Button>
      <Button
        type="primary"
        icon={<SendOutlined />}
        loading={submit.isPending}
        disabled={busy && !submit.isPending}
        onClick={() => {
          action.current = 'submit';
          form.submit();
        }}
        block={phone}
        data-testid={where === 'bottom' ? 'application-submit' : undefined}
      >
        {resubmit ? t('application.resubmit') : t('application.submit')}
      </Button>
    </>
  );

  return (
    <Flex vertical gap={16} data-testid="application-form">
      {resubmit && existing?.returnReason && (
        <Alert
          type="warning"
          showIcon
          data-testid="return-reason"
          title={t('application.returnedTitle')}
          description={
            <Flex vertical gap={4}>
              <Typography.Text strong style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>
                {existing.returnReason}
              </Typography.Text>
              {lastReturn && (
                <Typography.Text type="secondary">
                  {t('application.returnedBy', {
                    name: lastReturn.by?.displayName ?? '—',
                    time: formatDateTime(lastReturn.at),
                  })}
                </Typography.Text>
              )}
              <Typography.Text>{t('application.returnedFix')}</Typography.Text>
            </Flex>
          }
        />
      )}
      {stale && (
        <Alert
          type="warning"
          showIcon
          data-testid="stale-warning"
          title={t('application.staleTitle')}
          description={t('application.staleDescription')}
          action={
            <Button size="small" type="primary" onClick={() => void reloadKeepingInput()}>
              {t('application.staleKeep')}
            </Button>
          }
        />
      )}
      {banner && (
        <Alert
          type="error"
          showIcon
          data-testid="application-error"
          title={banner}
          description={
            missing.length > 0 && (
              <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="missing-items">
                {missing.map((d) => {
                  const item = ITEMS.find((i) => i.path === d.path);
                  const name = fieldName(d.path);
                  return (
                    <li key={`${d.path}-${d.reason}`}>
                      <Typography.Link onClick={() => name && form.scrollToField(name, { block: 'center' })}>
                        {item ? `${sectionLabel(t, item.section)} · ` : ''}
                        {itemLabel(t, d.path)}
                      </Typography.Link>
                      ：{problemText(t, d)}
                    </li>
                  );
                })}
              </ol>
            )
          }
        />
      )}
      <Card variant="borderless" size="small">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong>
              {existing
                ? t('application.editing', { status: t(`application.statusWord.${existing.status}`) })
                : t('application.new')}
            </Typography.Text>
            {stillMissing.length ? (
              <Tag color="orange" data-testid="still-missing">
                {t('application.stillMissing', { count: stillMissing.length })}
              </Tag>
            ) : (
              <Tag color="success" data-testid="still-missing">
                {t('application.complete')}
              </Tag>
            )}
          </Flex>
          {!phone && <Flex gap={8}>{buttons('top')}</Flex>}
        </Flex>
      </Card>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        scrollToFirstError={{ block: 'center' }}
        onFinish={(v) => {
          const values = { ...form.getFieldsValue(true), ...v };
          if (action.current === 'draft') draft.mutate(values);
          else submit.mutate(values);
        }}
      >
        <Flex vertical gap={16}>
          <Card title={sectionLabel(t, 'basic')} variant="borderless">
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item
                  name="plannedDate"
                  label={itemLabel(t, 'plannedDate')}
                  extra={t('application.plannedDateHint')}
                >
                  <DatePicker
                    {...full}
                    inputReadOnly={phone}
                    disabledDate={(d) => d.format('YYYY-MM-DD') < me.today}
                    data-testid="f-plannedDate"
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card title={sectionLabel(t, 'workforce')} variant="borderless">
            <Row gutter={16}>
              <Col {...col}>{num('workforce.normalWorkforce', people, 1_000_000)}</Col>
              <Col {...col}>{num('workforce.returningWorkers', people, 1_000_000)}</Col>
              <Col {...col}>{num('workforce.fromOutsideProvince', people, 1_000_000)}</Col>
              <Col {...col}>{num('workforce.fromKeyAreas', people, 1_000_000)}</Col>
              <Col {...col}>{num('workforce.underObservation', people, 1_000_000)}</Col>
            </Row>
          </Card>
          <Card title={sectionLabel(t, 'prevention')} variant="borderless">
            <Row gutter={16}>
              <Col {...col}>{num('prevention.maskStockDays', t('application.unitDays'), 3650, 1)}</Col>
              <Col {...col}>
                {num('prevention.disinfectantStockDays', t('application.unitDays'), 3650, 1)}
              </Col>
              <Col {...col}>
                {num('prevention.temperatureCheckpoints', t('application.unitPlaces'), 1000)}
              </Col>
              <Col xs={24}>
                {check('prevention.isolationRoom')}
                {check('prevention.emergencyPlan')}
              </Col>
              <Col {...col}>
                <Form.Item
                  name={['prevention', 'canteenArrangement']}
                  label={itemLabel(t, 'prevention.canteenArrangement')}
                  rules={[{ max: 500, message: t('validation.max', { max: 500 }) }]}
                >
                  <Input.TextArea
                    rows={2}
                    maxLength={500}
                    placeholder={t('application.canteenPlaceholder')}
                    data-testid="f-prevention.canteenArrangement"
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name={['prevention', 'shuttleDormitoryArrangement']}
                  label={itemLabel(t, 'prevention.shuttleDormitoryArrangement')}
                  rules={[{ max: 500, message: t('validation.max', { max: 500 }) }]}
                >
                  <Input.TextArea
                    rows={2}
                    maxLength={500}
                    placeholder={t('application.shuttlePlaceholder')}
                    data-testid="f-prevention.shuttleDormitoryArrangement"
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name={['prevention', 'preventionOfficer', 'name']}
                  label={itemLabel(t, 'prevention.preventionOfficer.name')}
                  rules={[{ max: 50, message: t('validation.max', { max: 50 }) }]}
                >
                  <Input maxLength={50} data-testid="f-prevention.preventionOfficer.name" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name={['prevention', 'preventionOfficer', 'phone']}
                  label={itemLabel(t, 'prevention.preventionOfficer.phone')}
                  rules={[
                    {
                      validator: (_, v: string | undefined) =>
                        !v || PHONE.test(v.trim())
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('validation.phone'))),
                    },
                  ]}
                >
                  <Input maxLength={20} inputMode="tel" data-testid="f-prevention.preventionOfficer.phone" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card title={sectionLabel(t, 'safety')} variant="borderless">
            {check('safety.equipmentChecked')}
            {check(
              'safety.hazardousMaterialsInspected',
              e.hazardousChemicals ? t('application.hazardousRequired') : t('application.hazardousOptional'),
            )}
            {check('safety.safetyTrainingDone')}
            {check('safety.emergencyDrillDone')}
          </Card>
          <Card title={t('application.sections.attachments')} variant="borderless">
            <Form.Item name="attachmentIds" style={{ marginBottom: 0 }}>
              <AttachmentField enterpriseId={e.id} />
            </Form.Item>
          </Card>
        </Flex>
      </Form>
      <Card variant="borderless" size="small">
        <Flex gap={8} vertical={phone} justify="flex-end">
          {buttons('bottom')}
        </Flex>
      </Card>
      {existing && existing.revisions.length > 0 && <RevisionsCard application={existing} />}
    </Flex>
  );
}
