import { RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Form,
  Input,
  Modal,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_LINE_LABELS,
  HAZARD_STATUS_LABELS,
  type HazardCategory,
  type HazardStatus,
} from '../../../../shared/enums';
import { HAZARD_TRANSITIONS, type HazardAction } from '../../../../shared/hazards';
import { api, isApiError } from '../../api/client';
import { SKEYS, useHazard } from '../../api/safety';
import type { HazardDetail as HazardDetailView } from '../../api/types';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testId';
import { HAZARD_STATUS_COLORS, HazardTags } from './hazardTags';
import { PhotoField, PhotoStrip } from './Photos';

const ACTION_BUTTON: Record<HazardAction, { primary: boolean; danger: boolean }> = {
  accept: { primary: true, danger: false },
  submit: { primary: true, danger: false },
  verify: { primary: true, danger: false },
  reject: { primary: false, danger: true },
};

/** /hazards/:id — one hazard: facts, photos, the steps this user may take, and its history. */
export default function HazardDetail() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { label } = useLocale();
  const navigate = useNavigate();
  const { data: h, error, isLoading, refetch } = useHazard(id);
  const [step, setStep] = useState<HazardStatus | null>(null);

  if (isLoading) return <PageSpinner />;
  if (error || !h) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const actionOf = (to: HazardStatus) => HAZARD_TRANSITIONS[h.status][to]!;
  const items: DescriptionsProps['items'] = [
    {
      key: 'enterprise',
      label: t('hazard.fields.enterprise'),
      children: <Link to={`/enterprises/${h.enterpriseId}`}>{h.enterpriseName}</Link>,
    },
    { key: 'division', label: t('hazard.fields.division'), children: h.divisionName },
    {
      key: 'line',
      label: t('hazard.fields.line'),
      children: <StatusTag value={h.line} labels={HAZARD_LINE_LABELS} />,
    },
    {
      key: 'category',
      label: t('hazard.fields.category'),
      children: label(HAZARD_CATEGORY_LABELS[h.category as HazardCategory], h.category),
    },
    { key: 'location', label: t('hazard.fields.location'), children: h.location || '—' },
    {
      key: 'responsible',
      label: t('hazard.fields.responsiblePerson'),
      children: h.responsiblePerson || '—',
    },
    { key: 'found', label: t('hazard.fields.foundOn'), children: h.foundOn },
    {
      key: 'deadline',
      label: t('hazard.fields.deadline'),
      children: <span data-testid="hazard-deadline">{h.deadline}</span>,
    },
    {
      key: 'escalation',
      label: t('hazard.fields.escalation'),
      span: 2,
      children:
        h.status === 'closed'
          ? '—'
          : t('hazard.escalationDates', {
              district: h.escalationDates.district,
              city: h.escalationDates.city,
            }),
    },
    {
      key: 'reportedBy',
      label: t('hazard.fields.reportedBy'),
      children: <span data-testid="hazard-reported-by">{h.reportedByName ?? '—'}</span>,
    },
    {
      key: 'inspection',
      label: t('hazard.fields.inspection'),
      children: h.inspectionId ? <Link to={`/inspections/${h.inspectionId}`}>#{h.inspectionId}</Link> : '—',
    },
    { key: 'updated', label: t('hazard.fields.updatedAt'), children: formatDateTime(h.updatedAt) },
  ];

  return (
    <div data-testid="hazard-detail" style={{ maxWidth: 960 }}>
      <PageHeader
        title={
          <Flex vertical gap={4}>
            <span>{t('hazard.detailTitle', { id: h.id })}</span>
            <Flex wrap gap={4}>
              <HazardTags h={h} />
            </Flex>
          </Flex>
        }
        extra={
          <Button icon={<RollbackOutlined />} onClick={() => navigate('/hazards')}>
            {t('common.backToList')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        {h.transitions.length > 0 && (
          <Card variant="borderless" size="small" title={t('hazard.nextStep')}>
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t(`hazard.hint.${h.status}`)}</Typography.Text>
              <Flex gap={8} wrap>
                {h.transitions.map((to) => {
                  const action = actionOf(to);
                  return (
                    <Button
                      key={to}
                      size="large"
                      type={ACTION_BUTTON[action].primary ? 'primary' : 'default'}
                      danger={ACTION_BUTTON[action].danger}
                      onClick={() => setStep(to)}
                      style={{ flex: 1, minWidth: 140 }}
                      data-testid={`hazard-${action}`}
                    >
                      {t(`hazard.actions.${action}`)}
                    </Button>
                  );
                })}
              </Flex>
            </Flex>
          </Card>
        )}
        <Card variant="borderless" title={t('hazard.fields.description')}>
          <Flex vertical gap={12}>
            <Typography.Paragraph
              style={{ whiteSpace: 'pre-wrap', margin: 0 }}
              data-testid="hazard-description"
            >
              {h.description}
            </Typography.Paragraph>
            <PhotoStrip ids={h.attachmentIds} />
          </Flex>
        </Card>
        {(h.rectificationPlan || h.evidence || h.evidenceAttachmentIds.length > 0) && (
          <Card variant="borderless" title={t('hazard.rectification')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'plan',
                  label: t('hazard.fields.plan'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{h.rectificationPlan || '—'}</span>,
                },
                {
                  key: 'evidence',
                  label: t('hazard.fields.evidence'),
                  children: (
                    <Flex vertical gap={8}>
                      <span style={{ whiteSpace: 'pre-wrap' }} data-testid="hazard-evidence">
                        {h.evidence || '—'}
                      </span>
                      {h.evidenceAttachmentIds.length > 0 && <PhotoStrip ids={h.evidenceAttachmentIds} />}
                    </Flex>
                  ),
                },
                {
                  key: 'submitted',
                  label: t('hazard.fields.submittedAt'),
                  children: h.submittedAt
                    ? `${formatDateTime(h.submittedAt)} · ${h.submittedByName ?? '—'}`
                    : formatDateTime(h.submittedAt),
                },
                {
                  key: 'closed',
                  label: t('hazard.fields.closedAt'),
                  children: h.closedAt ? (
                    <span data-testid="hazard-closed-by">
                      {formatDateTime(h.closedAt)} · {h.closedByName ?? '—'}
                    </span>
                  ) : (
                    formatDateTime(h.closedAt)
                  ),
                },
              ]}
            />
          </Card>
        )}
        <Card variant="borderless" title={t('hazard.facts')}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={items}
          />
        </Card>
        <Card variant="borderless" title={t('hazard.history')}>
          <Timeline
            data-testid="hazard-history"
            items={h.history.map((ev) => ({
              color: HAZARD_STATUS_COLORS[ev.toStatus as HazardStatus] ?? 'gray',
              content: (
                <Flex vertical gap={4}>
                  <Typography.Text strong>
                    {t(`hazard.events.${ev.action}`, {
                      defaultValue: label(HAZARD_STATUS_LABELS[ev.toStatus as HazardStatus], ev.toStatus),
                    })}
                    {' · '}
                    {ev.actorName}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(ev.at)}
                  </Typography.Text>
                  {ev.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{ev.note}</Typography.Text>}
                  {ev.attachmentIds.length > 0 && <PhotoStrip ids={ev.attachmentIds} />}
                </Flex>
              ),
            }))}
          />
          {h.escalations.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={h.escalations
                .map((e) =>
                  t('hazard.escalatedOn', {
                    level: t(`hazard.level.${e.level}`),
                    date: formatDateTime(e.createdAt),
                  }),
                )
                .join('；')}
            />
          )}
        </Card>
      </Flex>
      {step && <TransitionModal hazard={h} to={step} action={actionOf(step)} onClose={() => setStep(null)} />}
    </div>
  );
}

function TransitionModal({
  hazard: h,
  to,
  action,
  onClose,
}: {
  hazard: HazardDetailView;
  to: HazardStatus;
  action: HazardAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ note?: string; attachmentIds?: number[] }>();
  const [problem, setProblem] = useState<string | null>(null);
  const noteRequired =
    action === 'submit' || action === 'reject' || (action === 'accept' && h.severity === 'major');
  const withPhotos = action === 'submit' || action === 'accept';

  const mutation = useMutation({
    mutationFn: (v: { note?: string; attachmentIds?: number[] }) =>
      api.post<HazardDetailView>(`/api/hazards/${h.id}/transitions`, {
        to,
        note: v.note?.trim() || undefined,
        attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined,
      }),
    onSuccess: (updated) => {
      qc.setQueryData(SKEYS.hazard(h.id), updated);
      void qc.invalidateQueries({ queryKey: SKEYS.hazards });
      void qc.invalidateQueries({ queryKey: SKEYS.hazardStats });
      void qc.invalidateQueries({ queryKey: SKEYS.campaigns });
      message.success(t(`hazard.done.${action}`));
      onClose();
    },
    onError: (err) => {
      // 409: someone moved it meanwhile; 403: not this user's step (self-verification, level).
      if (isApiError(err) && (err.status === 409 || err.status === 403)) {
        setProblem(`${t(err.status === 409 ? 'hazard.conflict' : 'hazard.refused')}${errorMessage(err)}`);
        void qc.invalidateQueries({ queryKey: SKEYS.hazard(h.id) });
        return;
      }
      setProblem(errorMessage(err));
    },
  });

  return (
    <Modal
      open
      title={t(`hazard.actions.${action}`)}
      okText={t(`hazard.actions.${action}`)}
      okButtonProps={{
        danger: action === 'reject',
        loading: mutation.isPending,
        ...testId('transition-confirm'),
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem}
          style={{ marginBottom: 12 }}
          data-testid="transition-problem"
        />
      )}
      <Typography.Paragraph type="secondary">{t(`hazard.modalHint.${action}`)}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblem(null);
          mutation.mutate(v);
        }}
      >
        <Form.Item
          name="note"
          label={t(`hazard.noteLabel.${action}`)}
          rules={[
            { required: noteRequired, whitespace: true, message: t(`hazard.noteRequired.${action}`) },
            { max: 2000, message: t('validation.max', { max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="transition-note" />
        </Form.Item>
        {withPhotos && (
          <Form.Item name="attachmentIds" label={t('hazard.fields.photos')} initialValue={[]}>
            <PhotoField enterpriseId={h.enterpriseId} testId="transition-photo" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
