import {
  AuditOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  CustomerServiceOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  MessageOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { Action } from '../../../shared/access';
import { ROLE_LABELS } from '../../../shared/enums';
import { useAuth, useMe } from '../auth';
import { useLocale } from '../i18n';
import { ScopeText } from '../lib/scope';

const SHORTCUTS: { to: string; access: Action | 'authenticated'; key: string; icon: ReactNode }[] = [
  { to: '/enterprises', access: 'enterprise.list', key: 'menu.enterprises', icon: <ShopOutlined /> },
  {
    to: '/enterprises/import',
    access: 'enterprise.import',
    key: 'menu.enterpriseImport',
    icon: <CloudUploadOutlined />,
  },
  { to: '/liaison/enterprises', access: 'liaison.mine', key: 'menu.liaisonMine', icon: <SolutionOutlined /> },
  { to: '/demands/new', access: 'demand.create', key: 'menu.demandNew', icon: <MessageOutlined /> },
  { to: '/demands', access: 'demand.read', key: 'menu.demands', icon: <CustomerServiceOutlined /> },
  {
    to: '/resumption/apply',
    access: 'resumption.apply',
    key: 'menu.resumptionApply',
    icon: <FileDoneOutlined />,
  },
  {
    to: '/resumption/reviews',
    access: 'resumption.review',
    key: 'menu.resumptionReviews',
    icon: <FileSearchOutlined />,
  },
  {
    to: '/resumption/plan',
    access: 'resumption.plan',
    key: 'menu.resumptionPlan',
    icon: <ScheduleOutlined />,
  },
  {
    to: '/liaison/coverage',
    access: 'liaison.coverage',
    key: 'menu.liaisonCoverage',
    icon: <ClusterOutlined />,
  },
  { to: '/admin/users', access: 'user.manage', key: 'menu.users', icon: <TeamOutlined /> },
  { to: '/audit', access: 'audit.read', key: 'menu.audit', icon: <AuditOutlined /> },
  { to: '/account', access: 'authenticated', key: 'menu.account', icon: <UserOutlined /> },
];

/** Welcome page: who you are, what you cover, which day the scenario stands on. */
export default function Home() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { can } = useAuth();
  // Command roles land on the KPI dashboard; everyone else keeps this page.
  if (can('kpi.read')) return <Navigate to="/dashboard" replace />;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="welcome">
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('home.yourAccount')} variant="borderless">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'username', label: t('home.username'), children: me.username },
                {
                  key: 'role',
                  label: t('home.role'),
                  children: <span data-testid="home-role">{label(ROLE_LABELS[me.role])}</span>,
                },
                {
                  key: 'scope',
                  label: t('home.scope'),
                  children: (
                    <span data-testid="home-scope">
                      <ScopeText holder={me} linkEnterprise={can('enterprise.read')} />
                    </span>
                  ),
                },
                {
                  key: 'today',
                  label: t('home.today'),
                  children: <span data-testid="home-today">{me.today}</span>,
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('home.dashboardSoon')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('home.shortcuts')} variant="borderless">
            <Flex wrap gap={8}>
              {SHORTCUTS.filter((s) => can(s.access)).map((s) => (
                <Link key={s.to} to={s.to}>
                  <Button icon={s.icon}>{t(s.key)}</Button>
                </Link>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
