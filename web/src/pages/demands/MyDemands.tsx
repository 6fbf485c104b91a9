import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Pagination, Rate, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { DEMAND_CATEGORY_LABELS, type DemandStatus } from '../../../../shared/demands';
import { useDemand, useDemands } from '../../api/demands';
import type { DemandView } from '../../api/types';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/ListPage';
import { QueryGate } from '../../components/PagedTable';
import { useLocale } from '../../i18n';
import { formatDate } from '../../lib/format';
import { useUrlState } from '../../lib/useUrlState';
import { DemandActionButtons, TransitionModal } from './DemandActions';
import { DemandSteps, DemandTags } from './demandTags';

const KEYS = ['show', 'page'] as const;
const PAGE_SIZE = 10;

/** The list filter behind each segment of the enterprise's view. */
const SHOW: Record<string, Record<string, string | undefined>> = {
  all: {},
  open: { status: 'open' },
  waiting: { status: 'waiting' },
  resolved: { status: 'resolved' },
  closed: { status: 'closed' },
};

/**
 * /demands/mine — the enterprise's own demands on a phone: where each stands, who holds it, the
 * dates; answer a question, confirm and rate a resolution, or send it back.
 */
export default function MyDemands() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { values: f, update } = useUrlState(KEYS);
  const show = f.show && SHOW[f.show] ? f.show : 'all';
  const page = Number(f.page) || 1;
  const list = useDemands({ ...SHOW[show], sort: 'updatedAt', page, pageSize: PAGE_SIZE });
  const raised = (location.state as { raised?: string } | null)?.raised;

  return (
    <div data-testid="my-demands" style={{ maxWidth: 720 }}>
      <PageHeader
        title={t('demand.mine.title')}
        extra={
          can('demand.create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/demands/new')}
              data-testid="demand-raise"
            >
              {t('demand.raise')}
            </Button>
          )
        }
      />
      {raised && (
        <Alert
          type="success"
          showIcon
          closable
          title={t('demand.form.raised', { number: raised })}
          style={{ marginBottom: 12 }}
          data-testid="demand-raised"
        />
      )}
      <Segmented
        block
        value={show}
        onChange={(v) => update({ show: v === 'all' ? undefined : v })}
        options={(['all', 'open', 'waiting', 'resolved', 'closed'] as const).map((k) => ({
          value: k,
          label: t(`demand.mine.show.${k}`),
        }))}
        style={{ marginBottom: 12 }}
        data-testid="my-demands-show"
      />
      <QueryGate query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Card variant="borderless">
              <Empty description={t('demand.mine.empty')} />
            </Card>
          ) : (
            <Flex vertical gap={12}>
              {data.items.map((d) => (
                <MyDemandCard key={d.id} d={d} />
              ))}
              {data.total > PAGE_SIZE && (
                <Pagination
                  simple
                  size="small"
                  current={page}
                  pageSize={PAGE_SIZE}
                  total={data.total}
                  onChange={(p) => update({ page: p === 1 ? undefined : p })}
                  style={{ alignSelf: 'center' }}
                />
              )}
            </Flex>
          )
        }
      </QueryGate>
    </div>
  );
}

/** What the department asked, for a demand waiting for the enterprise (the last "wait" note). */
function WaitingQuestion({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data } = useDemand(id);
  const ask = data?.history.filter((h) => h.event === 'wait').at(-1);
  if (!ask?.note) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('demand.mine.asked', { by: ask.actorName })}
      description={<span style={{ whiteSpace: 'pre-wrap' }}>{ask.note}</span>}
      data-testid="demand-question"
    />
  );
}

function MyDemandCard({ d }: { d: DemandView }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const [step, setStep] = useState<DemandStatus | null>(null);
  const holder = d.handlerName ? `${d.leadDepartment.name} · ${d.handlerName}` : d.leadDepartment.name;
  return (
    <Card
      size="small"
      data-testid={`my-demand-${d.id}`}
      title={
        <Flex vertical gap={0} style={{ padding: '8px 0', minWidth: 0 }}>
          <Link to={`/demands/${d.id}`} style={{ whiteSpace: 'normal' }} data-testid="demand-link">
            {label(DEMAND_CATEGORY_LABELS[d.category])}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {d.number} · {formatDate(d.raisedAt)}
          </Typography.Text>
        </Flex>
      }
    >
      <Flex vertical gap={10}>
        <Flex wrap gap={4}>
          <DemandTags d={d} />
        </Flex>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
          {d.description}
        </Typography.Paragraph>
        <div style={{ overflowX: 'hidden' }}>
          <DemandSteps d={d} />
        </div>
        <Flex vertical gap={2}>
          <Typography.Text data-testid="demand-holder">
            <Typography.Text type="secondary">{t('demand.mine.holder')}</Typography.Text>
            {holder}
            {d.coDepartments.length > 0 &&
              t('demand.mine.withCo', { names: d.coDepartments.map((c) => c.name).join('、') })}
          </Typography.Text>
          <DatesLine d={d} />
        </Flex>
        {d.status === 'waiting' && <WaitingQuestion id={d.id} />}
        {d.status === 'resolved' && (
          <Alert
            type="info"
            showIcon
            title={t('demand.mine.resolvedTitle')}
            description={
              <Flex vertical gap={4}>
                <span style={{ whiteSpace: 'pre-wrap' }} data-testid="demand-resolution">
                  {d.resolution}
                </span>
                {d.autoCloseOn && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('demand.mine.confirmBy', { date: d.autoCloseOn })}
                  </Typography.Text>
                )}
              </Flex>
            }
          />
        )}
        {d.status === 'closed' && <ClosedLine d={d} />}
        {(d.transitions.length > 0 || d.canTransfer) && (
          <DemandActionButtons demand={d} onPick={(s) => s !== 'transfer' && setStep(s)} block />
        )}
      </Flex>
      {step && <TransitionModal demand={d} to={step} onClose={() => setStep(null)} />}
    </Card>
  );
}

/** The dates that matter for the current status, in one line. */
function DatesLine({ d }: { d: DemandView }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (d.status === 'submitted') parts.push(t('demand.sla.acceptBy', { date: d.acceptDueOn }));
  if (['submitted', 'accepted', 'in_progress'].includes(d.status))
    parts.push(t('demand.sla.resolveBy', { date: d.resolveDueOn }));
  if (d.status === 'waiting' && d.pausedOn) parts.push(t('demand.sla.pausedSince', { date: d.pausedOn }));
  if (d.resolvedAt) parts.push(t('demand.sla.resolvedOn', { date: formatDate(d.resolvedAt) }));
  if (d.closedAt) parts.push(t('demand.sla.closedOn', { date: formatDate(d.closedAt) }));
  if (!parts.length) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="demand-dates">
      {parts.join(' · ')}
    </Typography.Text>
  );
}

/** How it ended: solved or not, the stars, or closed without a rating. */
export function ClosedLine({ d }: { d: DemandView }) {
  const { t } = useTranslation();
  if (d.closure === 'auto_unrated')
    return <Typography.Text type="secondary">{t('demand.closedUnrated')}</Typography.Text>;
  return (
    <Flex align="center" gap={8} wrap data-testid="demand-verdict">
      <Typography.Text>
        {d.solved ? t('demand.confirm.solvedYes') : t('demand.confirm.solvedNo')}
      </Typography.Text>
      {d.rating !== null && <Rate disabled value={d.rating} style={{ fontSize: 16 }} />}
      {d.comment && (
        <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
          {d.comment}
        </Typography.Text>
      )}
    </Flex>
  );
}
