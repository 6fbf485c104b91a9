import { RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Form,
  Input,
  Row,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  DEMAND_CATEGORY_LABELS,
  DEMAND_CLOSURE_LABELS,
  DEMAND_ESCALATION_LABELS,
  DEMAND_EVENT_LABELS,
  DEMAND_SOURCE_LABELS,
  DEMAND_STATUS_LABELS,
  DEMAND_URGENCY_LABELS,
  type DemandEscalationLevel,
  type DemandEvent,
  type DemandStatus,
  demandEscalationDates,
} from '../../../../shared/demands';
import { api } from '../../api/client';
import { useDemand, useInvalidateDemands } from '../../api/demands';
import type { DemandDetail as Detail } from '../../api/types';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { PhotoStrip } from '../safety/Photos';
import { DemandActionButtons, TransferModal, TransitionModal } from './DemandActions';
import { DEMAND_STATUS_COLORS, DEMAND_URGENCY_COLORS, DemandSteps, DemandTags } from './demandTags';
import { ClosedLine } from './MyDemands';

const EVENT_COLORS: Partial<Record<DemandEvent, string>> = {
  create: 'blue',
  accept: 'blue',
  start: 'blue',
  wait: 'purple',
  resume: 'blue',
  resolve: 'cyan',
  confirm: 'green',
  reopen: 'red',
  auto_close: 'gray',
  transfer: 'orange',
  reassign: 'orange',
  escalate: 'red',
  comment: 'gray',
};

/**
 * /demands/:id — one demand: what was asked, its SLA clock, who holds it, the steps this user may
 * take (shared/demands.ts via the server's `transitions`), and its history with names.
 */
export default function DemandDetail() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { label } = useLocale();
  const navigate = useNavigate();
  const me = useMe();
  const { data: d, error, isLoading, refetch } = useDemand(id);
  const [step, setStep] = useState<DemandStatus | 'transfer' | null>(null);

  if (isLoading) return <PageSpinner />;
  if (error || !d) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const level = d.escalationLevel as DemandEscalationLevel;
  const facts: DescriptionsProps['items'] = [
    {
      key: 'enterprise',
      label: t('demand.fields.enterprise'),
      children: <Link to={`/enterprises/${d.enterpriseId}`}>{d.enterpriseName}</Link>,
    },
    { key: 'division', label: t('demand.fields.division'), children: d.divisionName },
    {
      key: 'category',
      label: t('demand.fields.category'),
      children: label(DEMAND_CATEGORY_LABELS[d.category], d.category),
    },
    {
      key: 'urgency',
      label: t('demand.fields.urgency'),
      children: <StatusTag value={d.urgency} labels={DEMAND_URGENCY_LABELS} colors={DEMAND_URGENCY_COLORS} />,
    },
    {
      key: 'source',
      label: t('demand.fields.source'),
      children: (
        <Flex gap={8} wrap>
          <span>{label(DEMAND_SOURCE_LABELS[d.source], d.source)}</span>
          {d.inspectionId && <Link to={`/inspections/${d.inspectionId}`}>#{d.inspectionId}</Link>}
        </Flex>
      ),
    },
    {
      key: 'raised',
      label: t('demand.fields.raisedBy'),
      children: `${d.raisedByName} · ${formatDateTime(d.raisedAt)}`,
    },
    {
      key: 'contact',
      label: t('demand.fields.contact'),
      children:
        d.enterpriseContact.name || d.enterpriseContact.phone ? (
          <span>
            {d.enterpriseContact.name}{' '}
            {d.enterpriseContact.phone && (
              <a href={`tel:${d.enterpriseContact.phone}`}>{d.enterpriseContact.phone}</a>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'lead',
      label: t('demand.fields.department'),
      children: <span data-testid="demand-department">{d.leadDepartment.name}</span>,
    },
    {
      key: 'co',
      label: t('demand.fields.coDepartments'),
      children: d.coDepartments.length ? d.coDepartments.map((c) => <Tag key={c.code}>{c.name}</Tag>) : '—',
    },
    {
      key: 'handler',
      label: t('demand.fields.handler'),
      children: <span data-testid="demand-handler">{d.handlerName ?? t('demand.notTaken')}</span>,
    },
    { key: 'updated', label: t('demand.fields.updatedAt'), children: formatDateTime(d.updatedAt) },
  ];

  return (
    <div data-testid="demand-detail" style={{ maxWidth: 1040 }}>
      <PageHeader
        title={
          <Flex vertical gap={4}>
            <span data-testid="demand-number">{t('demand.detailTitle', { number: d.number })}</span>
            <Flex wrap gap={4}>
              <DemandTags d={d} category />
            </Flex>
          </Flex>
        }
        extra={
          <Button
            icon={<RollbackOutlined />}
            onClick={() => navigate(me.role === 'enterprise' ? '/demands/mine' : '/demands')}
          >
            {t('common.backToList')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        <Card variant="borderless" size="small">
          <div style={{ overflowX: 'hidden', paddingTop: 4 }}>
            <DemandSteps d={d} />
          </div>
        </Card>
        {(d.transitions.length > 0 || d.canTransfer) && (
          <Card variant="borderless" size="small" title={t('demand.nextStep')} data-testid="demand-next">
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t(`demand.hint.${d.status}`)}</Typography.Text>
              <DemandActionButtons demand={d} onPick={setStep} block />
            </Flex>
          </Card>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Flex vertical gap={16}>
              <Card variant="borderless" title={t('demand.fields.description')}>
                <Flex vertical gap={12}>
                  <Typography.Paragraph
                    style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                    data-testid="demand-description"
                  >
                    {d.description}
                  </Typography.Paragraph>
                  {d.attachmentIds.length > 0 && <PhotoStrip ids={d.attachmentIds} />}
                </Flex>
              </Card>
              {(d.resolution || d.closedAt) && (
                <Card variant="borderless" title={t('demand.outcome')} data-testid="demand-outcome">
                  <Flex vertical gap={8}>
                    {d.resolution && (
                      <>
                        <Typography.Text type="secondary">
                          {t('demand.fields.resolution')}
                          {d.resolvedAt ? ` · ${formatDateTime(d.resolvedAt)}` : ''}
                        </Typography.Text>
                        <Typography.Paragraph
                          style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                          data-testid="demand-resolution"
                        >
                          {d.resolution}
                        </Typography.Paragraph>
                      </>
                    )}
                    {d.status === 'resolved' && d.autoCloseOn && (
                      <Typography.Text type="secondary">
                        {t('demand.mine.confirmBy', { date: d.autoCloseOn })}
                      </Typography.Text>
                    )}
                    {d.status === 'closed' && (
                      <>
                        <Typography.Text type="secondary">
                          {d.closure ? label(DEMAND_CLOSURE_LABELS[d.closure]) : ''}
                          {d.closedAt ? ` · ${formatDateTime(d.closedAt)}` : ''}
                        </Typography.Text>
                        <ClosedLine d={d} />
                      </>
                    )}
                    {d.reopenCount > 0 && (
                      <Tag color="red" style={{ alignSelf: 'flex-start' }}>
                        {t('demand.reopenedTimes', { count: d.reopenCount })}
                      </Tag>
                    )}
                  </Flex>
                </Card>
              )}
              <Card variant="borderless" title={t('demand.facts')}>
                <Descriptions
                  bordered
                  size="small"
                  column={{ xs: 1, sm: 1, md: 2, lg: 1, xl: 1, xxl: 2 }}
                  items={facts}
                />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} lg={10}>
            <Flex vertical gap={16}>
              <SlaCard d={d} level={level} />
              <HistoryCard d={d} />
            </Flex>
          </Col>
        </Row>
      </Flex>
      {step === 'transfer' && <TransferModal demand={d} onClose={() => setStep(null)} />}
      {step && step !== 'transfer' && <TransitionModal demand={d} to={step} onClose={() => setStep(null)} />}
    </div>
  );
}

/** The SLA clock: accept and resolve deadlines on the working calendar, pauses, overdue, escalation. */
function SlaCard({ d, level }: { d: Detail; level: DemandEscalationLevel }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const onTime = (v: boolean | null) =>
    v === null ? null : v ? (
      <Tag color="success">{t('demand.sla.onTime')}</Tag>
    ) : (
      <Tag color="error">{t('demand.sla.late')}</Tag>
    );
  const escalation = d.dueOn ? demandEscalationDates(d.dueOn) : null;
  return (
    <Card variant="borderless" title={t('demand.sla.title')} data-testid="demand-sla">
      <Flex vertical gap={12}>
        <Row gutter={[12, 12]}>
          <Col span={12}>
            <Statistic
              title={t('demand.sla.acceptDue')}
              value={d.acceptDueOn}
              styles={{ content: { fontSize: 18 } }}
            />
            {d.acceptedAt ? (
              <Flex gap={4} wrap align="center">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('demand.sla.acceptedAt', { at: formatDateTime(d.acceptedAt) })}
                </Typography.Text>
                {onTime(d.acceptedOnTime)}
              </Flex>
            ) : null}
          </Col>
          <Col span={12}>
            <Statistic
              title={t('demand.sla.resolveDue')}
              value={d.resolveDueOn}
              styles={{ content: { fontSize: 18, color: d.overdue ? '#cf1322' : undefined } }}
            />
            {d.resolvedAt ? (
              <Flex gap={4} wrap align="center">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('demand.sla.resolvedAt', { at: formatDateTime(d.resolvedAt) })}
                </Typography.Text>
                {onTime(d.resolvedOnTime)}
              </Flex>
            ) : null}
          </Col>
        </Row>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'paused',
              label: t('demand.sla.paused'),
              children: (
                <span data-testid="demand-paused">
                  {d.status === 'waiting' && d.pausedOn
                    ? t('demand.sla.pausedNow', { date: d.pausedOn, count: d.pausedWorkdays })
                    : t('demand.sla.pausedDays', { count: d.pausedWorkdays })}
                </span>
              ),
            },
            {
              key: 'state',
              label: t('demand.sla.clock'),
              children: d.overdue ? (
                <Typography.Text type="danger" strong data-testid="demand-clock">
                  {t('demand.sla.overdueSince', { date: d.dueOn })}
                </Typography.Text>
              ) : d.dueOn ? (
                <Typography.Text type={d.dueSoon ? 'warning' : undefined} data-testid="demand-clock">
                  {t('demand.sla.runningUntil', { date: d.dueOn })}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary" data-testid="demand-clock">
                  {d.status === 'waiting' ? t('demand.sla.stopped') : t('demand.sla.none')}
                </Typography.Text>
              ),
            },
            {
              key: 'escalation',
              label: t('demand.fields.escalation'),
              children: (
                <Flex vertical gap={2}>
                  <span>{label(DEMAND_ESCALATION_LABELS[level])}</span>
                  {escalation && level < 2 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('demand.sla.escalationDates', escalation)}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('demand.sla.calendarNote')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/** Every step with who took it and when; co-handlers and others in scope may add a comment. */
function HistoryCard({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const { message } = App.useApp();
  const invalidate = useInvalidateDemands();
  const [form] = Form.useForm<{ note: string }>();
  const comment = useMutation({
    mutationFn: (note: string) => api.post(`/api/demands/${d.id}/comments`, { note }),
    onSuccess: () => {
      form.resetFields();
      message.success(t('demand.comment.done'));
      void invalidate();
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Card variant="borderless" title={t('demand.history')}>
      <Timeline
        data-testid="demand-history"
        items={d.history.map((ev) => ({
          color: EVENT_COLORS[ev.event] ?? 'gray',
          content: (
            <Flex vertical gap={2} data-testid={`history-${ev.event}`}>
              <Typography.Text strong>
                {label(DEMAND_EVENT_LABELS[ev.event], ev.event)}
                {' · '}
                {ev.actorName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(ev.at)}
                {ev.toStatus && ev.toStatus !== ev.fromStatus && (
                  <>
                    {' · '}
                    <StatusTag
                      value={ev.toStatus}
                      labels={DEMAND_STATUS_LABELS}
                      colors={DEMAND_STATUS_COLORS}
                    />
                  </>
                )}
              </Typography.Text>
              {(ev.fromDepartment || ev.toDepartment) && (
                <Typography.Text>
                  {t('demand.fromTo', { from: ev.fromDepartment ?? '—', to: ev.toDepartment ?? '—' })}
                </Typography.Text>
              )}
              {ev.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{ev.note}</Typography.Text>}
            </Flex>
          ),
        }))}
      />
      {d.canComment && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => comment.mutate(v.note.trim())}
          style={{ marginTop: 8 }}
        >
          <Form.Item
            name="note"
            rules={[
              { required: true, whitespace: true, message: t('demand.comment.required') },
              { max: 2000, message: t('validation.max', { max: 2000 }) },
            ]}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea
              rows={2}
              maxLength={2000}
              placeholder={t('demand.comment.placeholder')}
              data-testid="demand-comment"
            />
          </Form.Item>
          <Button htmlType="submit" loading={comment.isPending} data-testid="demand-comment-send">
            {t('demand.comment.send')}
          </Button>
        </Form>
      )}
      {d.escalationLevel > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={label(DEMAND_ESCALATION_LABELS[d.escalationLevel as DemandEscalationLevel])}
        />
      )}
    </Card>
  );
}
