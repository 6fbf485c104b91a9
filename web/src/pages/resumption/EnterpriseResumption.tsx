import {
  ApartmentOutlined,
  CarryOutOutlined,
  FileDoneOutlined,
  FlagOutlined,
  SafetyOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  APPLICATION_STATUS_LABELS,
  ENTERPRISE_FLAG_LABELS,
  type EnterpriseFlag,
  RESUMPTION_STATUS_LABELS,
  type ResumptionStatus,
  SIZE_CLASS_LABELS,
  type SizeClass,
  VISIT_PROBLEM_CATEGORY_LABELS,
  VISIT_PURPOSE_LABELS,
} from '../../../../shared/enums';
import { nextStatus, REPORTED_STATUS_EVENT } from '../../../../shared/resumption';
import { api, isApiError } from '../../api/client';
import {
  RKEYS,
  useEnterpriseApplications,
  usePlan,
  useResumptionHistory,
  useVisits,
} from '../../api/resumption';
import type {
  EnterpriseLiaison,
  EnterprisePhase,
  EnterpriseView,
  ExemptionBody,
  ExemptionView,
  HistoryView,
  LiaisonView,
  ManualAssignBody,
  Paged,
  PhaseOverrideBody,
  StatusReportInput,
} from '../../api/types';
import { useAuth, useMe } from '../../auth';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { errorMessage, formErrorBanner } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testId';
import { resumptionError } from './errors';
import {
  APPLICATION_STATUS_COLORS,
  RESUMPTION_STATUS_COLORS,
  RESUMPTION_STATUS_DOT,
  VISIT_PURPOSE_COLORS,
} from './status';

/** After a resumption write on an enterprise: everything that shows its phase, status or liaison. */
function useEnterpriseWritten(enterpriseId: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['enterprise', String(enterpriseId)] });
    void qc.invalidateQueries({ queryKey: RKEYS.history(enterpriseId) });
    void qc.invalidateQueries({ queryKey: RKEYS.applications });
    void qc.invalidateQueries({ queryKey: RKEYS.myEnterprises });
    void qc.invalidateQueries({ queryKey: RKEYS.coverage });
    void qc.invalidateQueries({ queryKey: RKEYS.liaisons });
  };
}

/** Why the rules put the enterprise in its phase, in words. */
export function MatchedBy({ phase }: { phase: EnterprisePhase }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  if (phase.overridden) return null;
  if (!phase.matchedBy.length)
    return <Typography.Text type="secondary">{t('resumption.matched.catchAll')}</Typography.Text>;
  return (
    <Flex gap={4} wrap align="center" data-testid="phase-matched-by">
      <Typography.Text type="secondary">{t('resumption.matched.by')}</Typography.Text>
      {phase.matchedBy.map((m) => {
        let text: string;
        switch (m.criterion) {
          case 'flag':
            text = label(ENTERPRISE_FLAG_LABELS[m.value as EnterpriseFlag], m.value);
            break;
          case 'industryPrefix':
            text = t('resumption.matched.industry', { code: m.value });
            break;
          case 'sizeClass':
            text = label(SIZE_CLASS_LABELS[m.value as SizeClass], m.value);
            break;
          default:
            text =
              m.value === 'true' ? t('resumption.matched.aboveScale') : t('resumption.matched.belowScale');
        }
        return (
          <Tag key={`${m.criterion}-${m.value}`} color="geekblue">
            {text}
          </Tag>
        );
      })}
    </Flex>
  );
}

function PhaseText({ phase }: { phase: EnterprisePhase }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  return (
    <Flex vertical gap={4}>
      <Flex gap={6} wrap align="center">
        <Typography.Text strong data-testid="enterprise-phase">
          {name(phase)}
        </Typography.Text>
        <Typography.Text type="secondary">
          {phase.earliestDate
            ? t('resumption.earliestFrom', { date: phase.earliestDate })
            : t('resumption.noDateHeld')}
        </Typography.Text>
        {phase.open ? (
          <Tag color="success">{t('resumption.phaseOpen')}</Tag>
        ) : (
          <Tag color="error">{t('resumption.phaseNotOpen')}</Tag>
        )}
        {phase.overridden && (
          <Tag color="purple" data-testid="phase-overridden">
            {t('resumption.overridden')}
          </Tag>
        )}
        {phase.exempted && <Tag color="gold">{t('resumption.exempted')}</Tag>}
        {phase.requiresVerification && <Tag>{t('resumption.needsVerification')}</Tag>}
      </Flex>
      {phase.overridden && phase.overrideReason && (
        <Typography.Text type="secondary">
          {t('resumption.overrideReason', { reason: phase.overrideReason })}
        </Typography.Text>
      )}
      <MatchedBy phase={phase} />
    </Flex>
  );
}

/** The resumption part of the enterprise detail page: phase, status and its history, liaison, actions. */
export function ResumptionCard({ enterprise: e }: { enterprise: EnterpriseView }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const history = useResumptionHistory(e.id);
  const apps = useEnterpriseApplications(e.id);
  const [modal, setModal] = useState<'override' | 'exempt' | 'status' | 'liaison' | null>(null);
  const may = (a: string) => e.abilities.includes(a);
  const latestApp = apps.data?.items[0];

  const items: DescriptionsProps['items'] = [
    {
      key: 'phase',
      label: t('resumption.phase'),
      span: 2,
      children: e.phase ? <PhaseText phase={e.phase} /> : t('resumption.noPhase'),
    },
    {
      key: 'status',
      label: t('resumption.status'),
      children: e.resumptionStatus ? (
        <StatusTag
          value={e.resumptionStatus}
          labels={RESUMPTION_STATUS_LABELS}
          colors={RESUMPTION_STATUS_COLORS}
          testId="enterprise-resumption-status"
        />
      ) : (
        '—'
      ),
    },
    {
      key: 'liaison',
      label: t('resumption.liaison'),
      children: (
        <span data-testid="enterprise-liaison">
          {e.liaison ? e.liaison.displayName : <Tag color="warning">{t('resumption.noLiaison')}</Tag>}
        </span>
      ),
    },
    {
      key: 'application',
      label: t('resumption.application'),
      span: 2,
      children: latestApp ? (
        <Flex gap={6} wrap align="center">
          <Link to={`/resumption/applications/${latestApp.id}`} data-testid="enterprise-application-link">
            {t('resumption.applicationNo', { id: latestApp.id })}
          </Link>
          <StatusTag
            value={latestApp.status}
            labels={APPLICATION_STATUS_LABELS}
            colors={APPLICATION_STATUS_COLORS}
          />
          {latestApp.revisionNo > 0 && (
            <Typography.Text type="secondary">
              {t('application.revisionNo', { n: latestApp.revisionNo })}
            </Typography.Text>
          )}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('resumption.noApplication')}</Typography.Text>
      ),
    },
  ];

  const actions = [
    may('resumption.apply') && (
      <Button
        key="apply"
        type="primary"
        icon={<FileDoneOutlined />}
        onClick={() => navigate(`/resumption/apply?enterpriseId=${e.id}`)}
        data-testid="resumption-apply"
      >
        {t('resumption.actions.apply')}
      </Button>
    ),
    may('resumption.status') && (
      <Button
        key="status"
        icon={<CarryOutOutlined />}
        onClick={() => setModal('status')}
        data-testid="resumption-report"
      >
        {t('resumption.actions.report')}
      </Button>
    ),
    may('resumption.override') && (
      <Button
        key="override"
        icon={<FlagOutlined />}
        onClick={() => setModal('override')}
        data-testid="phase-override"
      >
        {t('resumption.actions.override')}
      </Button>
    ),
    may('resumption.exempt') && (
      <Button
        key="exempt"
        icon={<SafetyOutlined />}
        onClick={() => setModal('exempt')}
        data-testid="phase-exempt"
      >
        {t('resumption.actions.exempt')}
      </Button>
    ),
    may('liaison.assign') && (
      <Button
        key="liaison"
        icon={<UserSwitchOutlined />}
        onClick={() => setModal('liaison')}
        data-testid="liaison-assign"
      >
        {t('resumption.actions.assignLiaison')}
      </Button>
    ),
    can('liaison.visit') && (
      <Button
        key="visit"
        icon={<ApartmentOutlined />}
        onClick={() => navigate(`/liaison/visits/new?enterpriseId=${e.id}`)}
      >
        {t('visit.log')}
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Card title={t('resumption.cardTitle')} variant="borderless" data-testid="resumption-card">
      <Flex vertical gap={16}>
        {actions.length > 0 && (
          <Flex gap={8} wrap>
            {actions}
          </Flex>
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
          items={items}
        />
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={can('liaison.readVisits') ? 12 : 24}>
            <Typography.Title level={5}>{t('resumption.history')}</Typography.Title>
            <HistoryTimeline history={history.data} loading={history.isLoading} error={history.error} />
          </Col>
          {can('liaison.readVisits') && (
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('visit.recent')}</Typography.Title>
              <RecentVisits enterpriseId={e.id} />
            </Col>
          )}
        </Row>
      </Flex>
      {modal === 'override' && <OverrideModal enterprise={e} onClose={() => setModal(null)} />}
      {modal === 'exempt' && <ExemptModal enterprise={e} onClose={() => setModal(null)} />}
      {modal === 'status' && <StatusReportModal enterprise={e} onClose={() => setModal(null)} />}
      {modal === 'liaison' && <AssignLiaisonModal enterprise={e} onClose={() => setModal(null)} />}
    </Card>
  );
}

/** The dated status changes, newest first. */
function HistoryTimeline({
  history,
  loading,
  error,
}: {
  history?: HistoryView;
  loading: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const { label } = useLocale();
  if (loading) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!history?.events.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('resumption.noHistory')} />;
  return (
    <Timeline
      data-testid="resumption-history"
      items={[...history.events].reverse().map((ev) => ({
        key: ev.id,
        color: RESUMPTION_STATUS_DOT[ev.status],
        content: (
          <Flex vertical gap={2}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{formatDate(ev.effectiveDate)}</Typography.Text>
              <Tag color={RESUMPTION_STATUS_COLORS[ev.status]}>
                {label(RESUMPTION_STATUS_LABELS[ev.status])}
              </Tag>
              {ev.applicationId && (
                <Link to={`/resumption/applications/${ev.applicationId}`}>
                  {t('resumption.applicationNo', { id: ev.applicationId })}
                </Link>
              )}
            </Flex>
            <Typography.Text type="secondary">
              {t('resumption.recordedBy', {
                name: ev.by?.displayName ?? t('audit.system'),
                time: formatDateTime(ev.at),
              })}
            </Typography.Text>
            {ev.reason && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{ev.reason}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}

function RecentVisits({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const { data, isLoading, error } = useVisits(enterpriseId);
  if (isLoading) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!data?.items.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visit.none')} />;
  return (
    <Timeline
      items={data.items.map((v) => ({
        key: v.id,
        color: 'blue',
        content: (
          <Flex vertical gap={2}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{formatDate(v.date)}</Typography.Text>
              <Tag color={VISIT_PURPOSE_COLORS[v.purpose]}>{label(VISIT_PURPOSE_LABELS[v.purpose])}</Tag>
              <Typography.Text type="secondary">{v.liaison?.displayName}</Typography.Text>
            </Flex>
            {v.findings && <Typography.Text>{v.findings}</Typography.Text>}
            {v.problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id of their own
              <Flex key={i} gap={4} align="center" wrap>
                <Tag color={p.status === 'open' ? 'orange' : 'default'}>
                  {label(VISIT_PROBLEM_CATEGORY_LABELS[p.category])}
                </Tag>
                <Typography.Text>{p.description}</Typography.Text>
              </Flex>
            ))}
          </Flex>
        ),
      }))}
    />
  );
}

/** A modal with a form, an error banner and the usual buttons. */
function FormModal<V extends object>({
  title,
  okText,
  open = true,
  form,
  pending,
  banner,
  onCancel,
  onFinish,
  initialValues,
  children,
  okTestId,
  danger,
}: {
  title: string;
  okText: string;
  open?: boolean;
  form: ReturnType<typeof Form.useForm<V>>[0];
  pending: boolean;
  banner: string | null;
  onCancel: () => void;
  onFinish: (v: V) => void;
  initialValues?: Partial<V>;
  children: React.ReactNode;
  okTestId: string;
  danger?: boolean;
}) {
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ loading: pending, danger, ...testId(okTestId) }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      {banner && (
        <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} data-testid="modal-error" />
      )}
      <Form<V> form={form} layout="vertical" onFinish={onFinish} initialValues={initialValues as never}>
        {children}
      </Form>
    </Modal>
  );
}

function reasonRules(t: TFunction, min: number, max: number, required = true) {
  return [
    ...(required ? [{ required: true, whitespace: true, message: t('resumption.reasonRequired') }] : []),
    { min, max, message: t('validation.length', { min, max }) },
  ];
}

const CLEAR = '__rules__';

function OverrideModal({ enterprise: e, onClose }: { enterprise: EnterpriseView; onClose: () => void }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { message } = App.useApp();
  const plan = usePlan();
  const written = useEnterpriseWritten(e.id);
  const [form] = Form.useForm<{ phaseCode: string; reason: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: { phaseCode: string; reason: string }) =>
      api.post(`/api/enterprises/${e.id}/phase-override`, {
        phaseCode: v.phaseCode === CLEAR ? null : v.phaseCode,
        reason: v.reason.trim(),
      } satisfies PhaseOverrideBody),
    onSuccess: () => {
      written();
      message.success(t('resumption.override.done'));
      onClose();
    },
    onError: (err) => setBanner(formErrorBanner(form, err, ['phaseCode', 'reason'])),
  });
  const options = [
    ...(plan.data?.phases ?? []).map((p) => ({
      value: p.code,
      label: `${name(p)} · ${p.earliestDate ?? t('resumption.noDateHeld')}`,
    })),
    ...(e.phase?.overridden ? [{ value: CLEAR, label: t('resumption.override.clear') }] : []),
  ];
  return (
    <FormModal
      title={t('resumption.override.title', { name: e.name })}
      okText={t('resumption.override.ok')}
      form={form}
      pending={mutation.isPending}
      banner={banner}
      onCancel={onClose}
      onFinish={(v) => mutation.mutate(v)}
      okTestId="override-confirm"
    >
      <Typography.Paragraph type="secondary">{t('resumption.override.hint')}</Typography.Paragraph>
      <Form.Item
        name="phaseCode"
        label={t('resumption.override.phase')}
        rules={[{ required: true, message: t('resumption.override.pick') }]}
      >
        <Select loading={plan.isLoading} options={options} data-testid="override-phase" />
      </Form.Item>
      <Form.Item name="reason" label={t('resumption.reason')} rules={reasonRules(t, 2, 200)}>
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="override-reason" />
      </Form.Item>
    </FormModal>
  );
}

function ExemptModal({ enterprise: e, onClose }: { enterprise: EnterpriseView; onClose: () => void }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { message } = App.useApp();
  const written = useEnterpriseWritten(e.id);
  const [form] = Form.useForm<{ reason: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: { reason: string }) =>
      api.post<ExemptionView>(`/api/enterprises/${e.id}/resumption-exemption`, {
        reason: v.reason.trim(),
      } satisfies ExemptionBody),
    onSuccess: () => {
      written();
      message.success(t('resumption.exempt.done'));
      onClose();
    },
    onError: (err) => setBanner(formErrorBanner(form, err, ['reason'])),
  });
  return (
    <FormModal
      title={t('resumption.exempt.title', { name: e.name })}
      okText={t('resumption.exempt.ok')}
      form={form}
      pending={mutation.isPending}
      banner={banner}
      onCancel={onClose}
      onFinish={(v) => mutation.mutate(v)}
      okTestId="exempt-confirm"
    >
      <Typography.Paragraph type="secondary">
        {t('resumption.exempt.hint', {
          phase: e.phase ? name(e.phase) : '—',
          date: e.phase?.earliestDate ?? t('resumption.noDateHeld'),
        })}
      </Typography.Paragraph>
      <Form.Item name="reason" label={t('resumption.reason')} rules={reasonRules(t, 2, 500)}>
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="exempt-reason" />
      </Form.Item>
    </FormModal>
  );
}

type Reported = StatusReportInput['status'];
const REPORTED: Reported[] = ['resumed', 'suspended', 'closed'];

/** "Report resumed / suspended / closed" with the day it took effect. */
export function StatusReportModal({
  enterprise: e,
  onClose,
}: {
  enterprise: EnterpriseView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { message } = App.useApp();
  const written = useEnterpriseWritten(e.id);
  const [form] = Form.useForm<{ status: Reported; effectiveDate: Dayjs; reason?: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const status = Form.useWatch('status', form);
  const current: ResumptionStatus = e.resumptionStatus ?? 'not_applied';
  // The enterprise itself reports only its own restart (server rule); illegal moves are greyed out.
  const allowed = REPORTED.filter((s) => me.role !== 'enterprise' || s === 'resumed');
  const legal = (s: Reported) => nextStatus(current, REPORTED_STATUS_EVENT[s]) !== null;
  const mutation = useMutation({
    mutationFn: (v: { status: Reported; effectiveDate: Dayjs; reason?: string }) =>
      api.post<HistoryView>(`/api/enterprises/${e.id}/resumption-status`, {
        status: v.status,
        effectiveDate: v.effectiveDate.format('YYYY-MM-DD'),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      } satisfies StatusReportInput),
    onSuccess: (_h, v) => {
      written();
      message.success(t('resumption.report.done', { status: label(RESUMPTION_STATUS_LABELS[v.status]) }));
      onClose();
    },
    onError: (err) =>
      setBanner(
        isApiError(err, 'invalid_transition')
          ? resumptionError(err)
          : formErrorBanner(form, err, ['status', 'effectiveDate', 'reason']),
      ),
  });
  const firstLegal = allowed.find(legal);
  return (
    <FormModal
      title={t('resumption.report.title', { name: e.name })}
      okText={t('resumption.report.ok')}
      form={form}
      pending={mutation.isPending}
      banner={banner}
      onCancel={onClose}
      onFinish={(v) => mutation.mutate(v)}
      initialValues={{ status: firstLegal, effectiveDate: dayjs(me.today) }}
      okTestId="report-confirm"
    >
      <Typography.Paragraph type="secondary">
        {t('resumption.report.current')}{' '}
        <StatusTag value={current} labels={RESUMPTION_STATUS_LABELS} colors={RESUMPTION_STATUS_COLORS} />
      </Typography.Paragraph>
      {!firstLegal && (
        <Alert
          type="info"
          showIcon
          title={t('resumption.report.nothingLegal')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form.Item name="status" label={t('resumption.report.status')} rules={[{ required: true }]}>
        <Select
          data-testid="report-status"
          options={allowed.map((s) => ({
            value: s,
            label: label(RESUMPTION_STATUS_LABELS[s]),
            disabled: !legal(s),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="effectiveDate"
        label={
          status === 'resumed' ? t('resumption.report.restartDate') : t('resumption.report.effectiveDate')
        }
        rules={[{ required: true, message: t('resumption.report.dateRequired') }]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > me.today} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('resumption.reason')}
        rules={
          status === 'suspended'
            ? reasonRules(t, 1, 500)
            : [{ max: 500, message: t('validation.max', { max: 500 }) }]
        }
      >
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}

/** A button that opens the status report (e.g. "we restarted on …" after approval). */
export function StatusReportButton({ enterprise }: { enterprise: EnterpriseView }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!enterprise.abilities.includes('resumption.status')) return null;
  return (
    <>
      <Button
        type="primary"
        icon={<CarryOutOutlined />}
        onClick={() => setOpen(true)}
        data-testid="report-restart"
      >
        {t('resumption.report.restart')}
      </Button>
      {open && <StatusReportModal enterprise={enterprise} onClose={() => setOpen(false)} />}
    </>
  );
}

function AssignLiaisonModal({ enterprise: e, onClose }: { enterprise: EnterpriseView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const written = useEnterpriseWritten(e.id);
  const [form] = Form.useForm<{ liaisonId?: number; end: boolean; reason: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const end = Form.useWatch('end', form);
  const liaisons = useQuery({
    queryKey: [...RKEYS.liaisons, e.divisionCode, q],
    queryFn: ({ signal }) =>
      api.get<Paged<LiaisonView>>('/api/liaisons', { division: e.divisionCode, q, pageSize: 50 }, signal),
  });
  const mutation = useMutation({
    mutationFn: (v: { liaisonId?: number; end: boolean; reason: string }) =>
      api.post<EnterpriseLiaison>(`/api/enterprises/${e.id}/liaison`, {
        liaisonId: v.end ? null : (v.liaisonId ?? null),
        reason: v.reason.trim(),
      } satisfies ManualAssignBody),
    onSuccess: (r) => {
      written();
      message.success(
        r.liaison
          ? t('resumption.assign.done', { name: r.liaison.displayName })
          : t('resumption.assign.ended'),
      );
      onClose();
    },
    onError: (err) => {
      if (isApiError(err, 'already_assigned')) {
        form.setFields([{ name: 'liaisonId', errors: [err.message] }]);
        setBanner(null);
        return;
      }
      setBanner(
        isApiError(err, 'invalid_transition')
          ? resumptionError(err)
          : formErrorBanner(form, err, ['liaisonId', 'reason']),
      );
    },
  });
  return (
    <FormModal
      title={t('resumption.assign.title', { name: e.name })}
      okText={t('resumption.assign.ok')}
      form={form}
      pending={mutation.isPending}
      banner={banner}
      onCancel={onClose}
      onFinish={(v) => mutation.mutate(v)}
      initialValues={{ end: false }}
      okTestId="assign-confirm"
    >
      <Typography.Paragraph type="secondary">
        {e.liaison
          ? t('resumption.assign.current', { name: e.liaison.displayName })
          : t('resumption.assign.none')}
      </Typography.Paragraph>
      {e.liaison && (
        <Form.Item name="end" valuePropName="checked">
          <Checkbox>{t('resumption.assign.end')}</Checkbox>
        </Form.Item>
      )}
      {!end && (
        <Form.Item
          name="liaisonId"
          label={t('resumption.assign.liaison')}
          rules={[{ required: true, message: t('resumption.assign.pick') }]}
          extra={t('resumption.assign.sameDistrict')}
        >
          <Select<number>
            showSearch={{ filterOption: false, onSearch: setQ }}
            loading={liaisons.isFetching}
            placeholder={t('resumption.assign.search')}
            options={(liaisons.data?.items ?? [])
              .filter((l) => !l.disabled)
              .map((l) => ({
                value: l.id,
                label: `${l.displayName}（${l.username}）· ${t('resumption.assign.load', { count: l.load })}`,
              }))}
            data-testid="assign-liaison"
          />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t('resumption.reason')} rules={reasonRules(t, 2, 200)}>
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="assign-reason" />
      </Form.Item>
    </FormModal>
  );
}
