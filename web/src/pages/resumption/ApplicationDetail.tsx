import {
  AuditOutlined,
  CheckOutlined,
  EditOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Tag,
  Timeline,
  type TimelineItemProps,
  Tooltip,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { APPLICATION_STATUS_LABELS } from '../../../../shared/enums';
import { ApiError, api, isApiError } from '../../api/client';
import { RKEYS, useApplication } from '../../api/resumption';
import type { ApplicationDetail, ApplicationView, ReviewInput, VerifyInput } from '../../api/types';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { formErrorBanner } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testId';
import { ContentView, changedPaths } from './content';
import { resumptionError } from './errors';
import { APPLICATION_STATUS_COLORS } from './status';

/** /resumption/applications/:id — one application with its history and the actions allowed. */
export default function ApplicationDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="application-page">
      <PageHeader
        title={t('application.detailTitle')}
        extra={
          <Button icon={<RollbackOutlined />} onClick={() => navigate(-1)}>
            {t('common.back')}
          </Button>
        }
      />
      <ApplicationDetailView id={Number(id)} />
    </div>
  );
}

/** The content of an application as its current state; the submitted content otherwise. */
export function currentContent(a: ApplicationView) {
  return {
    plannedDate: a.plannedDate,
    workforce: a.workforce,
    prevention: a.prevention,
    safety: a.safety,
    attachmentIds: a.attachmentIds,
  };
}

/** Cache updates after any write to an application. */
export function useApplicationWritten() {
  const qc = useQueryClient();
  return (saved: ApplicationDetail) => {
    qc.setQueryData(RKEYS.application(saved.id), saved);
    void qc.invalidateQueries({ queryKey: RKEYS.applications });
    void qc.invalidateQueries({ queryKey: RKEYS.history(saved.enterpriseId) });
    void qc.invalidateQueries({ queryKey: ['enterprise', String(saved.enterpriseId)] });
    void qc.invalidateQueries({ queryKey: RKEYS.myEnterprises });
  };
}

/** One application: state, phase gate, two-person verification, actions, content, history. */
export function ApplicationDetailView({ id, onChanged }: { id: number; onChanged?: () => void }) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().sm;
  const { data: a, error, isLoading, refetch } = useApplication(id);
  if (isLoading) return <PageSpinner />;
  if (error || !a) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const lastReturn = [...a.reviews].reverse().find((r) => r.decision === 'return');
  return (
    <Flex vertical gap={16} data-testid="application-detail">
      <Card variant="borderless">
        <Flex vertical gap={12}>
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              <Link to={`/enterprises/${a.enterpriseId}`}>{a.enterpriseName}</Link>
            </Typography.Title>
            <StatusTag
              value={a.status}
              labels={APPLICATION_STATUS_LABELS}
              colors={APPLICATION_STATUS_COLORS}
              testId="application-status"
            />
            {a.revisionNo > 0 && <Tag>{t('application.revisionNo', { n: a.revisionNo })}</Tag>}
            {a.onBehalf && <Tag color="purple">{t('application.onBehalf')}</Tag>}
          </Flex>
          {a.status === 'returned' && a.returnReason && (
            <Alert
              type="warning"
              showIcon
              data-testid="return-reason"
              title={t('application.returnedTitle')}
              description={
                <Flex vertical gap={4}>
                  <Typography.Text strong style={{ whiteSpace: 'pre-wrap' }}>
                    {a.returnReason}
                  </Typography.Text>
                  {lastReturn && (
                    <Typography.Text type="secondary">
                      {t('application.returnedBy', {
                        name: lastReturn.by?.displayName ?? '—',
                        time: formatDateTime(lastReturn.at),
                      })}
                    </Typography.Text>
                  )}
                </Flex>
              }
            />
          )}
          <Descriptions
            size="small"
            bordered
            layout={narrow ? 'vertical' : 'horizontal'}
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={facts(t, a)}
          />
        </Flex>
      </Card>
      <Actions application={a} onChanged={onChanged} />
      <Card title={t('application.currentContent')} variant="borderless">
        <ContentView content={currentContent(a)} testId="application-content" />
      </Card>
      <Card title={t('application.process')} variant="borderless">
        <ProcessTimeline application={a} />
      </Card>
      <RevisionsCard application={a} />
    </Flex>
  );
}

function facts(t: TFunction, a: ApplicationView): DescriptionsProps['items'] {
  const v = a.verification;
  return [
    { key: 'division', label: t('enterprise.fields.division'), children: a.divisionName },
    {
      key: 'phase',
      label: t('resumption.phase'),
      children: a.phase ? (
        <Flex gap={4} wrap align="center">
          {a.phase.name}
          <Typography.Text type="secondary">
            {a.phase.earliestDate
              ? t('resumption.earliestFrom', { date: a.phase.earliestDate })
              : t('resumption.noDateHeld')}
          </Typography.Text>
          {a.phase.open ? (
            <Tag color="success">{t('resumption.phaseOpen')}</Tag>
          ) : (
            <Tag color="error" data-testid="phase-not-open">
              {t('resumption.phaseNotOpen')}
            </Tag>
          )}
        </Flex>
      ) : (
        t('resumption.noPhase')
      ),
    },
    { key: 'planned', label: t('application.fields.plannedDate'), children: formatDate(a.plannedDate) },
    {
      key: 'submitted',
      label: t('application.submittedAt'),
      children: a.submittedAt ? (
        <Flex gap={4} wrap align="center">
          {formatDateTime(a.submittedAt)}
          {a.daysWaiting !== null && <DaysWaited days={a.daysWaiting} />}
        </Flex>
      ) : (
        '—'
      ),
    },
    {
      key: 'createdBy',
      label: t('application.createdBy'),
      children: a.createdBy?.displayName ?? '—',
    },
    {
      key: 'verification',
      label: t('application.verification'),
      children: (
        <span data-testid="verification-state">
          <VerificationState application={a} />
        </span>
      ),
    },
    ...(v.required
      ? []
      : [
          {
            key: 'twoPerson',
            label: t('application.twoPerson'),
            children: t('application.verificationNotRequired'),
          },
        ]),
  ];
}

/** Days an application has waited, coloured when it starts to be late. */
export function DaysWaited({ days }: { days: number }) {
  const { t } = useTranslation();
  const color = days >= 5 ? 'error' : days >= 2 ? 'warning' : 'default';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }}>
      {t('review.daysWaited', { count: days })}
    </Tag>
  );
}

/** The two-person rule: is a liaison's verification needed, and who verified (which version). */
export function VerificationState({
  application: a,
  compact,
}: {
  application: ApplicationView;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { required, latest } = a.verification;
  if (compact && latest)
    return (
      <Tooltip
        title={`${t('application.verifiedBy', { name: latest.by?.displayName ?? '—', time: formatDateTime(latest.at) })}${
          latest.revisionNo < a.revisionNo
            ? ` · ${t('application.verifiedEarlier', { n: latest.revisionNo })}`
            : ''
        }`}
      >
        <Tag color={latest.passed ? 'success' : 'error'}>
          {latest.passed ? t('application.verifiedPassed') : t('application.verifiedFailed')}
          {latest.revisionNo < a.revisionNo ? ' *' : ''}
        </Tag>
      </Tooltip>
    );
  if (compact && !latest)
    return required ? (
      <Tag color="warning">{t('application.verificationPendingShort')}</Tag>
    ) : (
      <Typography.Text type="secondary">{t('application.verificationNotRequiredShort')}</Typography.Text>
    );
  if (!latest)
    return required ? (
      <Tag color="warning">{t('application.verificationPending')}</Tag>
    ) : (
      <Typography.Text type="secondary">{t('application.verificationNotRequired')}</Typography.Text>
    );
  const outdated = latest.revisionNo < a.revisionNo;
  return (
    <Flex gap={4} wrap align="center">
      <Tag color={latest.passed ? 'success' : 'error'}>
        {latest.passed ? t('application.verifiedPassed') : t('application.verifiedFailed')}
      </Tag>
      <span>
        {t('application.verifiedBy', {
          name: latest.by?.displayName ?? '—',
          time: formatDateTime(latest.at),
        })}
      </span>
      {outdated && <Tag color="orange">{t('application.verifiedEarlier', { n: latest.revisionNo })}</Tag>}
      {!required && <Tag>{t('application.verificationNotRequired')}</Tag>}
    </Flex>
  );
}

/** Extra words for the review errors a clerk can meet, under the server's own message. */
function reviewHint(t: TFunction, err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  switch (err.code) {
    case 'phase_not_open':
      return t('review.hint.phaseNotOpen');
    case 'verification_required':
      return t('review.hint.verificationRequired');
    case 'invalid_transition':
      return t('review.hint.invalidTransition');
    case 'verifier_cannot_approve':
      return t('review.hint.verifierCannotApprove');
    default:
      return null;
  }
}

/** Review (approve / return), on-site verification and "edit" — whatever the abilities allow. */
function Actions({ application: a, onChanged }: { application: ApplicationDetail; onChanged?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = (x: string) => a.abilities.includes(x);
  if (!can('review') && !can('verify') && !can('edit')) return null;
  return (
    <>
      {can('review') && <ReviewPanel application={a} onChanged={onChanged} />}
      {can('verify') && <VerifyPanel application={a} onChanged={onChanged} />}
      {can('edit') && (
        <Card variant="borderless">
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text>{t('application.editHint')}</Typography.Text>
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => navigate(`/resumption/apply?enterpriseId=${a.enterpriseId}`)}
              data-testid="application-edit"
            >
              {a.status === 'returned' ? t('application.editAndResubmit') : t('application.continueEditing')}
            </Button>
          </Flex>
        </Card>
      )}
    </>
  );
}

function ReviewPanel({
  application: a,
  onChanged,
}: {
  application: ApplicationDetail;
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const written = useApplicationWritten();
  const [returnOpen, setReturnOpen] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const mutation = useMutation({
    mutationFn: (body: ReviewInput) =>
      api.post<ApplicationDetail>(`/api/resumption-applications/${a.id}/review`, body),
    onSuccess: (saved, body) => {
      written(saved);
      setProblem(null);
      setReturnOpen(false);
      form.resetFields();
      message.success(body.decision === 'approve' ? t('review.approved') : t('review.returned'));
      onChanged?.();
    },
    onError: (err, body) => {
      if (body.decision === 'return' && err instanceof ApiError && err.fieldProblems.length) {
        const banner = formErrorBanner(form, err, ['reason']);
        if (banner) setProblem(err);
        return;
      }
      setReturnOpen(false);
      setProblem(err);
    },
  });

  const approve = () =>
    modal.confirm({
      title: t('review.approveTitle', { name: a.enterpriseName }),
      content: t('review.approveHint'),
      okText: t('review.approve'),
      okButtonProps: testId('approve-confirm'),
      onOk: () => mutation.mutateAsync({ decision: 'approve' }).catch(() => undefined),
    });

  const v = a.verification;
  const hint = reviewHint(t, problem);
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <AuditOutlined />
          {t('review.panelTitle')}
        </Flex>
      }
      data-testid="review-panel"
    >
      <Flex vertical gap={12}>
        {v.required && !v.latest?.passed && (
          <Alert type="info" showIcon title={t('review.needsVerification')} />
        )}
        {a.phase && !a.phase.open && <Alert type="warning" showIcon title={t('review.phaseClosedWarning')} />}
        {problem !== null && (
          <Alert
            type="error"
            showIcon
            data-testid="review-error"
            title={resumptionError(problem)}
            description={hint}
            closable={{ onClose: () => setProblem(null) }}
          />
        )}
        <Flex gap={8} wrap>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={mutation.isPending && mutation.variables?.decision === 'approve'}
            onClick={approve}
            data-testid="review-approve"
          >
            {t('review.approve')}
          </Button>
          <Button
            danger
            icon={<RollbackOutlined />}
            onClick={() => setReturnOpen(true)}
            data-testid="review-return"
          >
            {t('review.return')}
          </Button>
        </Flex>
      </Flex>
      <Modal
        open={returnOpen}
        title={t('review.returnTitle', { name: a.enterpriseName })}
        okText={t('review.return')}
        okButtonProps={{ danger: true, loading: mutation.isPending, ...testId('return-confirm') }}
        onOk={() => form.submit()}
        onCancel={() => setReturnOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('review.returnHint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v2) => mutation.mutate({ decision: 'return', reason: v2.reason.trim() })}
        >
          <Form.Item
            name="reason"
            label={t('review.reason')}
            rules={[
              { required: true, whitespace: true, message: t('review.reasonRequired') },
              { max: 500, message: t('validation.max', { max: 500 }) },
            ]}
          >
            <Input.TextArea rows={4} maxLength={500} showCount data-testid="return-reason-input" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function VerifyPanel({
  application: a,
  onChanged,
}: {
  application: ApplicationDetail;
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const written = useApplicationWritten();
  const [form] = Form.useForm<{ passed: boolean; note: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (body: VerifyInput) =>
      api.post<ApplicationDetail>(`/api/resumption-applications/${a.id}/verify`, body),
    onSuccess: (saved) => {
      written(saved);
      form.resetFields();
      setBanner(null);
      message.success(t('verify.done'));
      onChanged?.();
    },
    onError: (err) =>
      setBanner(
        isApiError(err, 'invalid_transition')
          ? resumptionError(err)
          : formErrorBanner(form, err, ['passed', 'note']),
      ),
  });
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <SafetyCertificateOutlined />
          {t('verify.title')}
        </Flex>
      }
      data-testid="verify-panel"
    >
      <Typography.Paragraph type="secondary">{t('verify.hint')}</Typography.Paragraph>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ passed: true }}
        onFinish={(v) => mutation.mutate({ passed: v.passed, note: v.note.trim() })}
      >
        <Form.Item name="passed" label={t('verify.result')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: t('verify.passed') },
              { value: false, label: t('verify.failed') },
            ]}
            data-testid="verify-passed"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('verify.note')}
          rules={[
            { required: true, whitespace: true, message: t('verify.noteRequired') },
            { max: 1000, message: t('validation.max', { max: 1000 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="verify-note" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          block
          data-testid="verify-submit"
        >
          {t('verify.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** Submissions, verifications and decisions in the order they happened. */
function ProcessTimeline({ application: a }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const events: { at: string; item: TimelineItemProps }[] = [
    { at: a.createdAt, item: { color: 'gray', content: t('application.event.created') } },
    ...a.revisions.map((r) => ({
      at: r.submittedAt,
      item: {
        color: 'blue',
        content: (
          <EventLine
            title={t('application.event.submitted', { n: r.revisionNo })}
            who={r.submittedBy?.displayName}
            at={r.submittedAt}
            extra={r.onBehalf ? <Tag color="purple">{t('application.onBehalf')}</Tag> : null}
          />
        ),
      },
    })),
    ...a.verifications.map((v) => ({
      at: v.at,
      item: {
        color: v.passed ? 'green' : 'red',
        content: (
          <EventLine
            title={
              v.passed
                ? t('application.event.verifiedPassed', { n: v.revisionNo })
                : t('application.event.verifiedFailed', { n: v.revisionNo })
            }
            who={v.by?.displayName}
            at={v.at}
            note={v.note}
          />
        ),
      },
    })),
    ...a.reviews.map((r) => ({
      at: r.at,
      item: {
        color: r.decision === 'approve' ? 'green' : 'orange',
        content: (
          <EventLine
            title={
              r.decision === 'approve'
                ? t('application.event.approved', { n: r.revisionNo })
                : t('application.event.returned', { n: r.revisionNo })
            }
            who={r.by?.displayName}
            at={r.at}
            note={r.reason}
          />
        ),
      },
    })),
  ];
  events.sort((x, y) => x.at.localeCompare(y.at));
  return (
    <Timeline items={events.map((e, i) => ({ key: i, ...e.item }))} data-testid="application-timeline" />
  );
}

function EventLine({
  title,
  who,
  at,
  note,
  extra,
}: {
  title: string;
  who?: string | null;
  at: string;
  note?: string | null;
  extra?: ReactNode;
}) {
  return (
    <Flex vertical gap={2}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </Flex>
      <Typography.Text type="secondary">
        {who ? `${who} · ` : ''}
        {formatDateTime(at)}
      </Typography.Text>
      {note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{note}</Typography.Text>}
    </Flex>
  );
}

/** Every submitted version, newest first, with what changed since the one before and its outcome. */
export function RevisionsCard({ application: a }: { application: ApplicationDetail }) {
  const { t } = useTranslation();
  const list = [...a.revisions].reverse();
  return (
    <Card title={t('application.revisions', { count: a.revisions.length })} variant="borderless">
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('application.noRevisions')} />
      ) : (
        <Collapse
          data-testid="revisions"
          defaultActiveKey={list.length ? [String(list[0].revisionNo)] : []}
          items={list.map((r) => {
            const prev = a.revisions.find((x) => x.revisionNo === r.revisionNo - 1);
            const changed = changedPaths(prev?.content, r.content);
            const review = a.reviews.find((x) => x.revisionNo === r.revisionNo);
            return {
              key: String(r.revisionNo),
              label: (
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{t('application.revisionNo', { n: r.revisionNo })}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatDateTime(r.submittedAt)} · {r.submittedBy?.displayName ?? '—'}
                  </Typography.Text>
                  {r.onBehalf && <Tag color="purple">{t('application.onBehalf')}</Tag>}
                  {review && (
                    <Tag color={review.decision === 'approve' ? 'success' : 'warning'}>
                      {review.decision === 'approve' ? t('review.approvedTag') : t('review.returnedTag')}
                    </Tag>
                  )}
                  {prev && (
                    <Typography.Text type="secondary">
                      {t('application.changedCount', { count: changed.size })}
                    </Typography.Text>
                  )}
                </Flex>
              ),
              children: (
                <Flex vertical gap={8}>
                  {review?.decision === 'return' && review.reason && (
                    <Alert
                      type="warning"
                      showIcon
                      title={t('application.returnedWith', { reason: review.reason })}
                    />
                  )}
                  <ContentView content={r.content} changed={changed} bordered={false} />
                </Flex>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
