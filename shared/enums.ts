import { z } from 'zod';

/** A label in both UI languages. */
export interface Label {
  'zh-CN': string;
  en: string;
}
export type Locale = 'zh-CN' | 'en';
export const LOCALES = ['zh-CN', 'en'] as const;

export const ROLES = [
  'admin',
  'auditor',
  'commander',
  'leader',
  'department',
  'district',
  'supervisor',
  'liaison',
  'enterprise',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, Label> = {
  admin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  auditor: { 'zh-CN': '审计管理员', en: 'Audit administrator' },
  commander: { 'zh-CN': '指挥部', en: 'Command HQ' },
  leader: { 'zh-CN': '市级领导', en: 'City leader' },
  department: { 'zh-CN': '部门', en: 'Department' },
  district: { 'zh-CN': '县区', en: 'District' },
  supervisor: { 'zh-CN': '督导组', en: 'Supervisor' },
  liaison: { 'zh-CN': '派驻指导员', en: 'Liaison officer' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
};

/** Which scope field a role's account needs. */
export const ROLE_SCOPE: Record<Role, 'none' | 'division' | 'department' | 'enterprise'> = {
  admin: 'none',
  auditor: 'none',
  commander: 'none',
  leader: 'none',
  department: 'department',
  district: 'division',
  supervisor: 'none',
  liaison: 'division',
  enterprise: 'enterprise',
};

export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export const SizeClass = z.enum(SIZE_CLASSES);
export type SizeClass = z.infer<typeof SizeClass>;
export const SIZE_CLASS_LABELS: Record<SizeClass, Label> = {
  large: { 'zh-CN': '大型', en: 'Large' },
  medium: { 'zh-CN': '中型', en: 'Medium' },
  small: { 'zh-CN': '小型', en: 'Small' },
  micro: { 'zh-CN': '微型', en: 'Micro' },
};

export const ENTERPRISE_FLAGS = [
  'publicUtility',
  'epidemicSupplies',
  'cityOperation',
  'keyEnterprise',
  'hazardousChemicals',
  'longTermShutdown',
] as const;
export type EnterpriseFlag = (typeof ENTERPRISE_FLAGS)[number];
export const ENTERPRISE_FLAG_LABELS: Record<EnterpriseFlag, Label> = {
  publicUtility: { 'zh-CN': '公用事业', en: 'Public utility' },
  epidemicSupplies: { 'zh-CN': '防疫物资生产', en: 'Epidemic supplies' },
  cityOperation: { 'zh-CN': '城市运行保障', en: 'City operation' },
  keyEnterprise: { 'zh-CN': '重点企业', en: 'Key enterprise' },
  hazardousChemicals: { 'zh-CN': '危险化学品', en: 'Hazardous chemicals' },
  longTermShutdown: { 'zh-CN': '长期停产', en: 'Long-term shutdown' },
};

export const JOB_STATUSES = ['running', 'succeeded', 'failed'] as const;
export const JobStatus = z.enum(JOB_STATUSES);

/** 复工状态: an enterprise's resumption status; its dated history is kept (server: resumption_status_events). */
export const RESUMPTION_STATUSES = [
  'not_applied',
  'applied',
  'returned',
  'approved',
  'resumed',
  'suspended',
  'closed',
] as const;
export const ResumptionStatus = z.enum(RESUMPTION_STATUSES);
export type ResumptionStatus = z.infer<typeof ResumptionStatus>;
export const RESUMPTION_STATUS_LABELS: Record<ResumptionStatus, Label> = {
  not_applied: { 'zh-CN': '未申请', en: 'Not applied' },
  applied: { 'zh-CN': '已申请', en: 'Applied' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
  resumed: { 'zh-CN': '已复工', en: 'Resumed' },
  suspended: { 'zh-CN': '已停工', en: 'Suspended' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
};

/** 复工申请 status: a draft is edited freely; a submitted one waits for the district's review. */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, Label> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  submitted: { 'zh-CN': '待审核', en: 'Waiting for review' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
};

/** Why a liaison (派驻企业指导员) visited an enterprise. */
export const VISIT_PURPOSES = ['prevention', 'safety', 'service'] as const;
export const VisitPurpose = z.enum(VISIT_PURPOSES);
export type VisitPurpose = z.infer<typeof VisitPurpose>;
export const VISIT_PURPOSE_LABELS: Record<VisitPurpose, Label> = {
  prevention: { 'zh-CN': '防疫指导', en: 'Prevention guidance' },
  safety: { 'zh-CN': '安全生产指导', en: 'Safety guidance' },
  service: { 'zh-CN': '服务企业', en: 'Service' },
};

/** Kinds of problem a liaison raises on a visit (they become demands in the demands module). */
export const VISIT_PROBLEM_CATEGORIES = [
  'financing',
  'labour',
  'rawMaterials',
  'logistics',
  'permits',
  'preventionSupplies',
  'safety',
  'other',
] as const;
export const VisitProblemCategory = z.enum(VISIT_PROBLEM_CATEGORIES);
export type VisitProblemCategory = z.infer<typeof VisitProblemCategory>;
export const VISIT_PROBLEM_CATEGORY_LABELS: Record<VisitProblemCategory, Label> = {
  financing: { 'zh-CN': '融资', en: 'Financing' },
  labour: { 'zh-CN': '用工', en: 'Labour' },
  rawMaterials: { 'zh-CN': '原材料', en: 'Raw materials' },
  logistics: { 'zh-CN': '物流运输', en: 'Logistics' },
  permits: { 'zh-CN': '审批手续', en: 'Permits' },
  preventionSupplies: { 'zh-CN': '防疫物资', en: 'Prevention supplies' },
  safety: { 'zh-CN': '安全生产', en: 'Production safety' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** The three lines of a "three-in-one" supervision squad (三合一督导小分队). */
export const SUPERVISION_LINES = ['industry', 'health', 'emergency'] as const;
export const SupervisionLine = z.enum(SUPERVISION_LINES);
export type SupervisionLine = z.infer<typeof SupervisionLine>;
export const SUPERVISION_LINE_LABELS: Record<SupervisionLine, Label> = {
  industry: { 'zh-CN': '工信条线', en: 'Industry line' },
  health: { 'zh-CN': '卫健条线', en: 'Health line' },
  emergency: { 'zh-CN': '应急（安全）条线', en: 'Emergency (safety) line' },
};

/** The two red lines (两条线) a hazard or checklist belongs to. */
export const HAZARD_LINES = ['epidemic', 'safety'] as const;
export const HazardLine = z.enum(HAZARD_LINES);
export type HazardLine = z.infer<typeof HazardLine>;
export const HAZARD_LINE_LABELS: Record<HazardLine, Label> = {
  epidemic: { 'zh-CN': '疫情防控', en: 'Epidemic prevention' },
  safety: { 'zh-CN': '安全生产', en: 'Production safety' },
};

export const HAZARD_SEVERITIES = ['general', 'major'] as const;
export const HazardSeverity = z.enum(HAZARD_SEVERITIES);
export type HazardSeverity = z.infer<typeof HazardSeverity>;
export const HAZARD_SEVERITY_LABELS: Record<HazardSeverity, Label> = {
  general: { 'zh-CN': '一般隐患', en: 'General' },
  major: { 'zh-CN': '重大隐患', en: 'Major' },
};

/** 隐患 lifecycle: open → rectifying → submitted → closed (整改销号), or back to rectifying. */
export const HAZARD_STATUSES = ['open', 'rectifying', 'submitted', 'closed'] as const;
export const HazardStatus = z.enum(HAZARD_STATUSES);
export type HazardStatus = z.infer<typeof HazardStatus>;
export const HAZARD_STATUS_LABELS: Record<HazardStatus, Label> = {
  open: { 'zh-CN': '待整改', en: 'Open' },
  rectifying: { 'zh-CN': '整改中', en: 'Rectifying' },
  submitted: { 'zh-CN': '待验收', en: 'Awaiting verification' },
  closed: { 'zh-CN': '已销号', en: 'Verified closed' },
};

/** Hazard categories; each belongs to one line except `other`. */
export const HAZARD_CATEGORIES = [
  'prevention_education',
  'screening',
  'temperature',
  'supplies',
  'disinfection',
  'canteen',
  'isolation',
  'returning_workers',
  'hazardous_chemicals',
  'fire',
  'electrical',
  'special_equipment',
  'confined_space',
  'restart',
  'training',
  'emergency_plan',
  'other',
] as const;
export const HazardCategory = z.enum(HAZARD_CATEGORIES);
export type HazardCategory = z.infer<typeof HazardCategory>;
export const HAZARD_CATEGORY_LINE: Record<HazardCategory, HazardLine | null> = {
  prevention_education: 'epidemic',
  screening: 'epidemic',
  temperature: 'epidemic',
  supplies: 'epidemic',
  disinfection: 'epidemic',
  canteen: 'epidemic',
  isolation: 'epidemic',
  returning_workers: 'epidemic',
  hazardous_chemicals: 'safety',
  fire: 'safety',
  electrical: 'safety',
  special_equipment: 'safety',
  confined_space: 'safety',
  restart: 'safety',
  training: 'safety',
  emergency_plan: 'safety',
  other: null,
};
export const HAZARD_CATEGORY_LABELS: Record<HazardCategory, Label> = {
  prevention_education: { 'zh-CN': '防控教育', en: 'Prevention education' },
  screening: { 'zh-CN': '人员排查登记', en: 'Personnel screening and registration' },
  temperature: { 'zh-CN': '出入口测温', en: 'Temperature checks at entrances' },
  supplies: { 'zh-CN': '口罩消毒物资储备', en: 'Masks and disinfectant stock' },
  disinfection: { 'zh-CN': '清洁消杀记录', en: 'Disinfection log' },
  canteen: { 'zh-CN': '食堂分餐间距', en: 'Canteen spacing' },
  isolation: { 'zh-CN': '隔离观察室', en: 'Isolation room' },
  returning_workers: { 'zh-CN': '返岗人员台账', en: 'Returning-worker records' },
  hazardous_chemicals: { 'zh-CN': '危险化学品储存与标识', en: 'Hazardous chemicals storage and labelling' },
  fire: { 'zh-CN': '消防设施与安全出口', en: 'Fire equipment and exits' },
  electrical: { 'zh-CN': '电气安全', en: 'Electrical safety' },
  special_equipment: { 'zh-CN': '特种设备持证', en: 'Special equipment certificates' },
  confined_space: { 'zh-CN': '有限空间作业', en: 'Confined spaces' },
  restart: { 'zh-CN': '复工复产安全检查', en: 'Restart safety checks' },
  training: { 'zh-CN': '安全培训教育', en: 'Safety training' },
  emergency_plan: { 'zh-CN': '应急预案与演练', en: 'Emergency plan and drill' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const INSPECTION_RESULTS = ['pass', 'fail', 'na'] as const;
export const InspectionResult = z.enum(INSPECTION_RESULTS);
export type InspectionResult = z.infer<typeof InspectionResult>;
export const INSPECTION_RESULT_LABELS: Record<InspectionResult, Label> = {
  pass: { 'zh-CN': '合格', en: 'Pass' },
  fail: { 'zh-CN': '不合格', en: 'Fail' },
  na: { 'zh-CN': '不适用', en: 'Not applicable' },
};

export const INSPECTION_STATUSES = ['draft', 'signed'] as const;
export const InspectionStatus = z.enum(INSPECTION_STATUSES);
export type InspectionStatus = z.infer<typeof InspectionStatus>;
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, Label> = {
  draft: { 'zh-CN': '检查中', en: 'In progress' },
  signed: { 'zh-CN': '已签字', en: 'Signed off' },
};

/** How far an overdue hazard has been escalated. */
export const ESCALATION_LEVELS = ['district', 'city'] as const;
export const EscalationLevel = z.enum(ESCALATION_LEVELS);
export type EscalationLevel = z.infer<typeof EscalationLevel>;
export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, Label> = {
  district: { 'zh-CN': '已上报县区', en: 'Escalated to district' },
  city: { 'zh-CN': '已上报市级', en: 'Escalated to city' },
};

export const CAMPAIGN_STATUSES = ['planned', 'active', 'ended'] as const;
export const CampaignStatus = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof CampaignStatus>;
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, Label> = {
  planned: { 'zh-CN': '未开始', en: 'Planned' },
  active: { 'zh-CN': '进行中', en: 'Active' },
  ended: { 'zh-CN': '已结束', en: 'Ended' },
};

/** Types of a daily-report form field (日报告数据项). */
export const REPORT_FIELD_TYPES = ['integer', 'decimal', 'percent', 'text', 'boolean'] as const;
export const ReportFieldType = z.enum(REPORT_FIELD_TYPES);
export type ReportFieldType = z.infer<typeof ReportFieldType>;
export const REPORT_FIELD_TYPE_LABELS: Record<ReportFieldType, Label> = {
  integer: { 'zh-CN': '整数', en: 'Whole number' },
  decimal: { 'zh-CN': '小数', en: 'Decimal' },
  percent: { 'zh-CN': '百分比', en: 'Percent' },
  text: { 'zh-CN': '文本', en: 'Text' },
  boolean: { 'zh-CN': '是/否', en: 'Yes/no' },
};

/** Whether and when an enterprise's daily report for a day came in. */
export const SUBMISSION_STATUSES = ['not_expected', 'missing', 'on_time', 'late'] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, Label> = {
  not_expected: { 'zh-CN': '无需报告', en: 'Not expected' },
  missing: { 'zh-CN': '未报', en: 'Missing' },
  on_time: { 'zh-CN': '按时报告', en: 'On time' },
  late: { 'zh-CN': '迟报', en: 'Late' },
};

/** What a filed daily report says: a declared zero report (零报告), normal, or abnormal. */
export const REPORT_CONTENTS = ['zero', 'normal', 'abnormal'] as const;
export const ReportContent = z.enum(REPORT_CONTENTS);
export type ReportContent = z.infer<typeof ReportContent>;
export const REPORT_CONTENT_LABELS: Record<ReportContent, Label> = {
  zero: { 'zh-CN': '零报告', en: 'Zero report' },
  normal: { 'zh-CN': '正常', en: 'Normal' },
  abnormal: { 'zh-CN': '异常', en: 'Abnormal' },
};

/** An abnormal-report alert: open until someone records the action taken. */
export const ALERT_STATUSES = ['open', 'acknowledged'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;
export const ALERT_STATUS_LABELS: Record<AlertStatus, Label> = {
  open: { 'zh-CN': '待处置', en: 'Open' },
  acknowledged: { 'zh-CN': '已处置', en: 'Acknowledged' },
};

/** In-app notification kinds (reminders, escalations, alerts, directives). */
export const NOTIFICATION_KINDS = [
  'report_missing',
  'report_missing_liaison',
  'report_missing_district',
  'report_abnormal',
  'directive_issued',
  'directive_overdue',
  'directive_overdue_liaison',
  'directive_overdue_district',
  'demand_received',
  'demand_resolved',
  'demand_overdue',
  'demand_escalated',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, Label> = {
  report_missing: { 'zh-CN': '日报告催报', en: 'Daily report reminder' },
  report_missing_liaison: { 'zh-CN': '所驻企业未报日报告', en: 'Your enterprises have not reported' },
  report_missing_district: {
    'zh-CN': '辖区企业未报日报告',
    en: 'Enterprises in your division have not reported',
  },
  report_abnormal: { 'zh-CN': '日报告异常', en: 'Abnormal daily report' },
  directive_issued: { 'zh-CN': '新指挥部令', en: 'New directive' },
  directive_overdue: { 'zh-CN': '指挥部令逾期未落实', en: 'Directive overdue' },
  directive_overdue_liaison: { 'zh-CN': '所驻企业指挥部令逾期', en: 'Directive overdue at your enterprises' },
  directive_overdue_district: { 'zh-CN': '辖区企业指挥部令逾期', en: 'Directive overdue in your division' },
  demand_received: { 'zh-CN': '新企业诉求', en: 'New enterprise demand' },
  demand_resolved: { 'zh-CN': '诉求已办理，请确认评价', en: 'Demand resolved: please confirm and rate' },
  demand_overdue: { 'zh-CN': '企业诉求超期督办', en: 'Enterprise demand overdue' },
  demand_escalated: { 'zh-CN': '企业诉求超期提级', en: 'Overdue demand escalated to the HQ' },
};

/** Outbox channels an external gateway delivers from. */
export const OUTBOX_CHANNELS = ['sms', 'webhook'] as const;
export const OutboxChannel = z.enum(OUTBOX_CHANNELS);
export type OutboxChannel = z.infer<typeof OutboxChannel>;
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export const OutboxStatus = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatus>;
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, Label> = {
  pending: { 'zh-CN': '待发送', en: 'Pending' },
  sent: { 'zh-CN': '已发送', en: 'Sent' },
  failed: { 'zh-CN': '发送失败', en: 'Failed' },
};

/** A directive target's compliance: not acknowledged, acknowledged, every action done. */
export const DIRECTIVE_TARGET_STATUSES = ['pending', 'acknowledged', 'completed'] as const;
export const DirectiveTargetStatus = z.enum(DIRECTIVE_TARGET_STATUSES);
export type DirectiveTargetStatus = z.infer<typeof DirectiveTargetStatus>;
export const DIRECTIVE_TARGET_STATUS_LABELS: Record<DirectiveTargetStatus, Label> = {
  pending: { 'zh-CN': '未签收', en: 'Not acknowledged' },
  acknowledged: { 'zh-CN': '已签收', en: 'Acknowledged' },
  completed: { 'zh-CN': '已落实', en: 'Completed' },
};
