import {
  CalendarOutlined,
  DownOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Grid, Layout, Menu, Tag, Typography, theme } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../../shared/enums';
import { useAuth, useMe } from '../auth';
import { LangSwitch } from '../components/LangSwitch';
import { PageSpinner } from '../components/PageSpinner';
import { useLocale } from '../i18n';
import { menuKeyFor, ROUTES } from '../routes';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: collapsible menu, header with the scenario date, language and user menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { can, signOut, setLocale } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const narrow = !screens.lg;
  const phone = !screens.md;
  const [collapsed, setCollapsed] = useState(narrow);

  // Narrow screens start collapsed; on a phone the menu closes after each choice.
  useEffect(() => setCollapsed(narrow), [narrow]);

  const menuItems = ROUTES.filter((r) => r.menu && can(r.access)).map((r) => ({
    key: r.path,
    icon: r.icon,
    label: t(r.menu!),
  }));

  const onLogout = async () => {
    await signOut();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        collapsedWidth={phone ? 0 : 64}
        width={208}
        trigger={null}
        breakpoint="lg"
        style={phone ? { position: 'fixed', height: '100vh', zIndex: 20, left: 0, top: 0 } : undefined}
      >
        <Flex
          align="center"
          justify="center"
          style={{
            height: 56,
            color: '#fff',
            fontWeight: 600,
            fontSize: collapsed ? 18 : 20,
            letterSpacing: 2,
          }}
        >
          {collapsed ? t('app.short') : t('app.name')}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="main-menu"
          selectedKeys={[menuKeyFor(location.pathname) ?? '']}
          items={menuItems}
          onClick={({ key }) => {
            navigate(key);
            if (phone) setCollapsed(true);
          }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: phone ? '0 8px' : '0 16px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }} gap={8}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <Button
                type="text"
                aria-label={t('layout.toggleMenu')}
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
              />
              <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }} data-testid="app-name">
                {t('app.name')}
              </Typography.Text>
              {!narrow && (
                <Typography.Text type="secondary" ellipsis>
                  {t('app.subtitle')}
                </Typography.Text>
              )}
            </Flex>
            <Flex align="center" gap={phone ? 4 : 12}>
              <Tag
                icon={<CalendarOutlined />}
                color="blue"
                data-testid="scenario-date"
                style={{ marginInlineEnd: 0 }}
              >
                {phone ? me.today : t('layout.today', { date: me.today })}
              </Tag>
              <LangSwitch onChange={(l) => void setLocale(l)} />
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    {
                      key: 'role',
                      disabled: true,
                      label: `${me.displayName} · ${label(ROLE_LABELS[me.role])}`,
                    },
                    { type: 'divider' },
                    {
                      key: 'account',
                      icon: <UserOutlined />,
                      label: <span data-testid="menu-account">{t('menu.account')}</span>,
                    },
                    {
                      key: 'logout',
                      icon: <LogoutOutlined />,
                      danger: true,
                      label: <span data-testid="menu-logout">{t('layout.logout')}</span>,
                    },
                  ],
                  onClick: ({ key }) => {
                    if (key === 'account') navigate('/account');
                    if (key === 'logout') void onLogout();
                  },
                }}
              >
                <Button type="text" data-testid="user-menu" style={{ paddingInline: 4 }}>
                  <Avatar
                    size="small"
                    icon={<UserOutlined />}
                    style={{ backgroundColor: token.colorPrimary }}
                  />
                  {!phone && <span>{me.displayName}</span>}
                  <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
        </Header>
        <Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
