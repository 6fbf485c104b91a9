import {
  ApartmentOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  MessageOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Input, Row, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { APPLICATION_STATUS_LABELS, RESUMPTION_STATUS_LABELS } from '../../../../shared/enums';
import { useMyEnterprises } from '../../api/resumption';
import type { MyEnterprise } from '../../api/types';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { APPLICATION_STATUS_COLORS, RESUMPTION_STATUS_COLORS } from '../resumption/status';

/** Days without a visit after which an enterprise is flagged (the coverage view's default). */
export const VISIT_DUE_DAYS = 7;

/**
 * /liaison/enterprises — the liaison's own enterprises as cards (one column on a phone): status,
 * last visit, open problems, and the next thing to do (visit, verify, apply on its behalf).
 */
export default function MyEnterprises() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { data, isLoading, error, refetch } = useMyEnterprises();
  const [q, setQ] = useState('');
  const items = useMemo(() => (data?.items ?? []).filter((e) => !q || e.name.includes(q.trim())), [data, q]);
  if (isLoading) return <PageSpinner />;
  if (error || !data) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const due = data.items.filter(
    (e) => e.daysSinceVisit === null || e.daysSinceVisit >= VISIT_DUE_DAYS,
  ).length;
  const problems = data.items.reduce((n, e) => n + e.openProblems, 0);
  const toVerify = data.items.filter((e) => e.application?.status === 'submitted').length;

  return (
    <div data-testid="my-enterprises">
      <PageHeader title={t('menu.liaisonMine')} />
      <Flex vertical gap={16}>
        <Card variant="borderless" size="small">
          <Row gutter={[16, 8]}>
            <Col xs={12} sm={6}>
              <Statistic title={t('liaison.mine.count')} value={formatNumber(data.items.length, locale)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('liaison.mine.visitDue', { days: VISIT_DUE_DAYS })}
                value={due}
                styles={{ content: { color: due ? '#cf1322' : undefined } }}
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('liaison.mine.openProblems')} value={problems} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('liaison.mine.toVerify')}
                value={toVerify}
                styles={{ content: { color: toVerify ? '#1456b8' : undefined } }}
              />
            </Col>
          </Row>
        </Card>
        {data.items.length > 6 && (
          <Input.Search
            allowClear
            placeholder={t('liaison.mine.search')}
            onSearch={setQ}
            onChange={(e) => !e.target.value && setQ('')}
          />
        )}
        {items.length === 0 ? (
          <Empty description={t('liaison.mine.none')} />
        ) : (
          <Row gutter={[16, 16]}>
            {items.map((e) => (
              <Col key={e.id} xs={24} md={12} xl={8}>
                <EnterpriseCard enterprise={e} />
              </Col>
            ))}
          </Row>
        )}
      </Flex>
    </div>
  );
}

function EnterpriseCard({ enterprise: e }: { enterprise: MyEnterprise }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const overdue = e.daysSinceVisit === null || e.daysSinceVisit >= VISIT_DUE_DAYS;
  const app = e.application;
  const waiting = app?.status === 'submitted';
  const openApp = app?.status === 'draft' || app?.status === 'returned';
  const mayApply = openApp || (!waiting && ['not_applied', 'suspended'].includes(e.resumptionStatus));
  return (
    <Card
      size="small"
      data-testid={`my-enterprise-${e.id}`}
      title={
        <Link to={`/enterprises/${e.id}`} style={{ whiteSpace: 'normal' }}>
          {e.name}
        </Link>
      }
      styles={{ body: { paddingBottom: 8 } }}
    >
      <Flex vertical gap={8}>
        <Flex gap={4} wrap>
          <StatusTag
            value={e.resumptionStatus}
            labels={RESUMPTION_STATUS_LABELS}
            colors={RESUMPTION_STATUS_COLORS}
          />
          {e.phase && <Tag>{e.phase.name}</Tag>}
          {e.keyEnterprise && <Tag color="gold">{t('liaison.mine.key')}</Tag>}
          {e.aboveScale && <Tag color="blue">{t('enterprise.aboveScaleTag')}</Tag>}
          {e.hazardousChemicals && <Tag color="volcano">{t('liaison.mine.hazchem')}</Tag>}
        </Flex>
        <Flex vertical gap={2}>
          <Typography.Text type="secondary">
            <EnvironmentOutlined /> {e.divisionName}
            {e.address ? ` · ${e.address}` : ''}
          </Typography.Text>
          {(e.contactName || e.contactPhone) && (
            <Typography.Text type="secondary">
              <PhoneOutlined /> {e.contactName}{' '}
              {e.contactPhone && <a href={`tel:${e.contactPhone}`}>{e.contactPhone}</a>}
            </Typography.Text>
          )}
        </Flex>
        <Flex gap={8} wrap align="center">
          <Typography.Text>{t('liaison.mine.lastVisit')}</Typography.Text>
          {e.lastVisitDate ? (
            <Tag color={overdue ? 'error' : 'success'}>
              {e.lastVisitDate} · {t('liaison.mine.daysAgo', { count: e.daysSinceVisit ?? 0 })}
            </Tag>
          ) : (
            <Tag color="error">{t('liaison.mine.neverVisited')}</Tag>
          )}
          {e.openProblems > 0 && (
            <Tag color="orange">{t('liaison.mine.problems', { count: e.openProblems })}</Tag>
          )}
        </Flex>
        {app && (
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t('resumption.application')}</Typography.Text>
            <StatusTag
              value={app.status}
              labels={APPLICATION_STATUS_LABELS}
              colors={APPLICATION_STATUS_COLORS}
            />
          </Flex>
        )}
        <Flex gap={8} wrap style={{ marginTop: 4 }}>
          <Button
            type={overdue ? 'primary' : 'default'}
            icon={<ApartmentOutlined />}
            onClick={() => navigate(`/liaison/visits/new?enterpriseId=${e.id}`)}
            data-testid={`visit-${e.id}`}
          >
            {t('visit.log')}
          </Button>
          <Button
            icon={<MessageOutlined />}
            onClick={() => navigate(`/demands/new?enterpriseId=${e.id}`)}
            data-testid={`raise-demand-${e.id}`}
          >
            {t('demand.raise')}
          </Button>
          {waiting && app && (
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              onClick={() => navigate(`/resumption/applications/${app.id}`)}
              data-testid={`verify-${e.id}`}
            >
              {t('verify.title')}
            </Button>
          )}
          {mayApply && (
            <Button
              icon={<FileDoneOutlined />}
              onClick={() => navigate(`/resumption/apply?enterpriseId=${e.id}`)}
              data-testid={`apply-${e.id}`}
            >
              {openApp ? t('liaison.mine.continueApplication') : t('liaison.mine.applyOnBehalf')}
            </Button>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}
