import {
  AuditOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { RouteAccess } from '../../shared/access';

/** One entry of the route table: the page, who may open it, and its menu entry if it has one. */
export interface AppRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** An action from shared/access.ts, 'authenticated' (any signed-in user) or 'public'. */
  access: RouteAccess;
  /** i18n key of the menu entry; routes without one are reached by links only. */
  menu?: string;
  icon?: ReactNode;
}

const Home = lazy(() => import('./pages/Home'));
const EnterpriseList = lazy(() => import('./pages/enterprises/EnterpriseList'));
const EnterpriseForm = lazy(() => import('./pages/enterprises/EnterpriseForm'));
const EnterpriseDetail = lazy(() => import('./pages/enterprises/EnterpriseDetail'));
const EnterpriseImport = lazy(() => import('./pages/enterprises/EnterpriseImport'));
const UserList = lazy(() => import('./pages/admin/UserList'));
const AuditLog = lazy(() => import('./pages/audit/AuditLog'));
const Account = lazy(() => import('./pages/account/Account'));
const Forbidden = lazy(() => import('./pages/Forbidden'));
const NotFound = lazy(() => import('./pages/NotFound'));

export const LoginPage = lazy(() => import('./pages/Login'));

/** Pages inside the signed-in layout, in menu order. The login page sits outside it. */
export const ROUTES: AppRoute[] = [
  { path: '/', page: Home, access: 'authenticated', menu: 'menu.home', icon: <HomeOutlined /> },
  {
    path: '/enterprises',
    page: EnterpriseList,
    access: 'enterprise.list',
    menu: 'menu.enterprises',
    icon: <ShopOutlined />,
  },
  { path: '/enterprises/new', page: EnterpriseForm, access: 'enterprise.create' },
  {
    path: '/enterprises/import',
    page: EnterpriseImport,
    access: 'enterprise.import',
    menu: 'menu.enterpriseImport',
    icon: <CloudUploadOutlined />,
  },
  { path: '/enterprises/:id', page: EnterpriseDetail, access: 'enterprise.read' },
  { path: '/enterprises/:id/edit', page: EnterpriseForm, access: 'enterprise.update' },
  { path: '/admin/users', page: UserList, access: 'user.manage', menu: 'menu.users', icon: <TeamOutlined /> },
  { path: '/audit', page: AuditLog, access: 'audit.read', menu: 'menu.audit', icon: <AuditOutlined /> },
  { path: '/account', page: Account, access: 'authenticated', menu: 'menu.account', icon: <UserOutlined /> },
  { path: '/403', page: Forbidden, access: 'authenticated' },
  { path: '*', page: NotFound, access: 'authenticated' },
];

/** The menu entry a location belongs to: the longest menu path that prefixes it. */
export function menuKeyFor(pathname: string): string | undefined {
  let best: string | undefined;
  for (const r of ROUTES) {
    if (!r.menu) continue;
    const hit = r.path === '/' ? pathname === '/' : pathname === r.path || pathname.startsWith(`${r.path}/`);
    if (hit && (!best || r.path.length > best.length)) best = r.path;
  }
  return best;
}
