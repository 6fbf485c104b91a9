import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CameraOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  FormOutlined,
  FundOutlined,
  HomeOutlined,
  IdcardOutlined,
  MessageOutlined,
  NotificationOutlined,
  OrderedListOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
  WarningOutlined,
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
  /** Full-window pages without the menu and header (the big screen). */
  bare?: boolean;
}

const Home = lazy(() => import('./pages/Home'));
const KpiDashboard = lazy(() => import('./pages/kpis/Dashboard'));
const KpiDrill = lazy(() => import('./pages/kpis/Drill'));
const KpiScreen = lazy(() => import('./pages/kpis/Screen'));
const EnterpriseList = lazy(() => import('./pages/enterprises/EnterpriseList'));
const EnterpriseForm = lazy(() => import('./pages/enterprises/EnterpriseForm'));
const EnterpriseDetail = lazy(() => import('./pages/enterprises/EnterpriseDetail'));
const EnterpriseImport = lazy(() => import('./pages/enterprises/EnterpriseImport'));
const PlanPage = lazy(() => import('./pages/resumption/PlanPage'));
const ApplicationForm = lazy(() => import('./pages/resumption/ApplicationForm'));
const ApplicationDetail = lazy(() => import('./pages/resumption/ApplicationDetail'));
const ReviewQueue = lazy(() => import('./pages/resumption/ReviewQueue'));
const MyEnterprises = lazy(() => import('./pages/liaisons/MyEnterprises'));
const VisitForm = lazy(() => import('./pages/liaisons/VisitForm'));
const Coverage = lazy(() => import('./pages/liaisons/Coverage'));
const UserList = lazy(() => import('./pages/admin/UserList'));
const AuditLog = lazy(() => import('./pages/audit/AuditLog'));
const Account = lazy(() => import('./pages/account/Account'));
const InspectionList = lazy(() => import('./pages/safety/InspectionList'));
const InspectionStart = lazy(() => import('./pages/safety/InspectionStart'));
const InspectionPage = lazy(() => import('./pages/safety/InspectionPage'));
const HazardList = lazy(() => import('./pages/safety/HazardList'));
const HazardDetail = lazy(() => import('./pages/safety/HazardDetail'));
const HazardStats = lazy(() => import('./pages/safety/HazardStats'));
const CampaignList = lazy(() => import('./pages/safety/CampaignList'));
const CampaignDetail = lazy(() => import('./pages/safety/CampaignDetail'));
const CampaignForm = lazy(() => import('./pages/safety/CampaignForm'));
const HazardCreate = lazy(() => import('./pages/safety/HazardCreate'));
const ChecklistList = lazy(() => import('./pages/safety/ChecklistList'));
const ChecklistEditor = lazy(() => import('./pages/safety/ChecklistEditor'));
const SupervisionPage = lazy(() => import('./pages/safety/SupervisionPage'));
const SupervisionUnit = lazy(() => import('./pages/safety/SupervisionUnit'));
const ResponsibilityIncomplete = lazy(() => import('./pages/safety/ResponsibilityIncomplete'));
const ReportFiling = lazy(() => import('./pages/daily-reports/Filing'));
const MyReports = lazy(() => import('./pages/daily-reports/MyReports'));
const ReportCompleteness = lazy(() => import('./pages/daily-reports/oversight/Completeness'));
const ReportAlerts = lazy(() => import('./pages/daily-reports/oversight/Alerts'));
const ReportUpload = lazy(() => import('./pages/daily-reports/oversight/ReportUpload'));
const ReportFormConfig = lazy(() => import('./pages/daily-reports/oversight/ReportFormConfig'));
const DirectiveList = lazy(() => import('./pages/daily-reports/oversight/DirectiveList'));
const DirectiveIssue = lazy(() => import('./pages/daily-reports/oversight/DirectiveIssue'));
const DirectiveDetail = lazy(() => import('./pages/daily-reports/oversight/DirectiveDetail'));
const DemandList = lazy(() => import('./pages/demands/DemandList'));
const DemandForm = lazy(() => import('./pages/demands/DemandForm'));
const MyDemands = lazy(() => import('./pages/demands/MyDemands'));
const DemandDetail = lazy(() => import('./pages/demands/DemandDetail'));
const DemandStats = lazy(() => import('./pages/demands/DemandStats'));
const DemandRouting = lazy(() => import('./pages/demands/RoutingRules'));
const DemandTemplates = lazy(() => import('./pages/demands/ReplyTemplates'));
const Forbidden = lazy(() => import('./pages/Forbidden'));
const NotFound = lazy(() => import('./pages/NotFound'));

export const LoginPage = lazy(() => import('./pages/Login'));

/** Pages inside the signed-in layout, in menu order. The login page sits outside it. */
export const ROUTES: AppRoute[] = [
  { path: '/', page: Home, access: 'authenticated', menu: 'menu.home', icon: <HomeOutlined /> },
  {
    path: '/dashboard',
    page: KpiDashboard,
    access: 'kpi.read',
    menu: 'menu.dashboard',
    icon: <DashboardOutlined />,
  },
  { path: '/kpis/drill', page: KpiDrill, access: 'kpi.read' },
  { path: '/screen', page: KpiScreen, access: 'kpi.screen', bare: true },
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
  {
    path: '/liaison/enterprises',
    page: MyEnterprises,
    access: 'liaison.mine',
    menu: 'menu.liaisonMine',
    icon: <SolutionOutlined />,
  },
  {
    path: '/resumption/apply',
    page: ApplicationForm,
    access: 'resumption.apply',
    menu: 'menu.resumptionApply',
    icon: <FileDoneOutlined />,
  },
  {
    path: '/resumption/reviews',
    page: ReviewQueue,
    access: 'resumption.review',
    menu: 'menu.resumptionReviews',
    icon: <FileSearchOutlined />,
  },
  { path: '/resumption/applications/:id', page: ApplicationDetail, access: 'resumption.read' },
  {
    path: '/resumption/plan',
    page: PlanPage,
    access: 'resumption.plan',
    menu: 'menu.resumptionPlan',
    icon: <ScheduleOutlined />,
  },
  { path: '/liaison/visits/new', page: VisitForm, access: 'liaison.visit' },
  {
    path: '/liaison/coverage',
    page: Coverage,
    access: 'liaison.coverage',
    menu: 'menu.liaisonCoverage',
    icon: <ClusterOutlined />,
  },
  {
    path: '/reports/today',
    page: ReportFiling,
    access: 'dailyReport.file',
    menu: 'menu.reportToday',
    icon: <FormOutlined />,
  },
  {
    path: '/reports/mine',
    page: MyReports,
    access: 'dailyReport.read',
    menu: 'menu.reportMine',
    icon: <FileTextOutlined />,
  },
  {
    path: '/reports/completeness',
    page: ReportCompleteness,
    access: 'dailyReport.stats',
    menu: 'menu.reportCompleteness',
    icon: <PieChartOutlined />,
  },
  {
    path: '/reports/alerts',
    page: ReportAlerts,
    access: 'alert.read',
    menu: 'menu.reportAlerts',
    icon: <WarningOutlined />,
  },
  {
    path: '/reports/upload',
    page: ReportUpload,
    access: 'dailyReport.import',
    menu: 'menu.reportUpload',
    icon: <UploadOutlined />,
  },
  {
    path: '/reports/form',
    page: ReportFormConfig,
    access: 'reportForm.manage',
    menu: 'menu.reportForm',
    icon: <SettingOutlined />,
  },
  {
    path: '/directives',
    page: DirectiveList,
    access: 'directive.read',
    menu: 'menu.directives',
    icon: <NotificationOutlined />,
  },
  { path: '/directives/new', page: DirectiveIssue, access: 'directive.issue' },
  { path: '/directives/:id', page: DirectiveDetail, access: 'directive.read' },
  {
    path: '/inspections',
    page: InspectionList,
    access: 'inspection.read',
    menu: 'menu.inspections',
    icon: <SafetyCertificateOutlined />,
  },
  {
    path: '/inspections/new',
    page: InspectionStart,
    access: 'inspection.conduct',
    menu: 'menu.inspectionNew',
    icon: <CameraOutlined />,
  },
  { path: '/inspections/:id', page: InspectionPage, access: 'inspection.read' },
  {
    path: '/hazards',
    page: HazardList,
    access: 'hazard.read',
    menu: 'menu.hazards',
    icon: <AlertOutlined />,
  },
  {
    path: '/hazards/stats',
    page: HazardStats,
    access: 'hazard.stats',
    menu: 'menu.hazardStats',
    icon: <BarChartOutlined />,
  },
  { path: '/hazards/new', page: HazardCreate, access: 'hazard.create' },
  { path: '/hazards/:id', page: HazardDetail, access: 'hazard.read' },
  {
    path: '/campaigns',
    page: CampaignList,
    access: 'campaign.read',
    menu: 'menu.campaigns',
    icon: <FlagOutlined />,
  },
  { path: '/campaigns/new', page: CampaignForm, access: 'campaign.manage' },
  { path: '/campaigns/:id', page: CampaignDetail, access: 'campaign.read' },
  { path: '/campaigns/:id/edit', page: CampaignForm, access: 'campaign.manage' },
  {
    path: '/checklists',
    page: ChecklistList,
    access: 'checklist.read',
    menu: 'menu.checklists',
    icon: <OrderedListOutlined />,
  },
  { path: '/checklists/new', page: ChecklistEditor, access: 'checklist.manage' },
  { path: '/checklists/:id', page: ChecklistEditor, access: 'checklist.read' },
  {
    path: '/supervision',
    page: SupervisionPage,
    access: 'supervision.read',
    menu: 'menu.supervision',
    icon: <ApartmentOutlined />,
  },
  { path: '/supervision/groups/:id', page: SupervisionUnit, access: 'supervision.read' },
  { path: '/supervision/squads/:id', page: SupervisionUnit, access: 'supervision.read' },
  {
    path: '/responsibility/incomplete',
    page: ResponsibilityIncomplete,
    access: 'responsibility.incomplete',
    menu: 'menu.responsibilityIncomplete',
    icon: <IdcardOutlined />,
  },
  {
    path: '/demands',
    page: DemandList,
    access: 'demand.read',
    menu: 'menu.demands',
    icon: <CustomerServiceOutlined />,
  },
  {
    path: '/demands/new',
    page: DemandForm,
    access: 'demand.create',
    menu: 'menu.demandNew',
    icon: <MessageOutlined />,
  },
  { path: '/demands/mine', page: MyDemands, access: 'demand.read' },
  {
    path: '/demands/stats',
    page: DemandStats,
    access: 'demand.stats',
    menu: 'menu.demandStats',
    icon: <FundOutlined />,
  },
  {
    path: '/demands/templates',
    page: DemandTemplates,
    access: 'demand.templates',
    menu: 'menu.demandTemplates',
    icon: <FileTextOutlined />,
  },
  {
    path: '/demands/routing',
    page: DemandRouting,
    access: 'demand.routing',
    menu: 'menu.demandRouting',
    icon: <BranchesOutlined />,
  },
  { path: '/demands/:id', page: DemandDetail, access: 'demand.read' },
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
