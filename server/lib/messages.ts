import type { Locale } from '../../shared/enums';

/** Server-side messages by error code, in both UI languages. `{x}` is replaced from params. */
const MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please sign in' },
  invalid_credentials: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    'zh-CN': '登录失败次数过多，账号已锁定至 {until}',
    en: 'Too many failed sign-ins; the account is locked until {until}',
  },
  account_disabled: { 'zh-CN': '账号已停用', en: 'This account is disabled' },
  session_expired: {
    'zh-CN': '会话已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  csrf_failed: {
    'zh-CN': '请求缺少有效的 CSRF 令牌',
    en: 'The request has no valid CSRF token',
  },
  password_change_required: {
    'zh-CN': '管理员已重置您的密码，请先修改密码',
    en: 'Your password was reset by an administrator; please choose a new one first',
  },
  forbidden: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  not_found: { 'zh-CN': '未找到', en: 'Not found' },
  route_not_found: { 'zh-CN': '接口不存在', en: 'No such endpoint' },
  validation_failed: { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  duplicate: { 'zh-CN': '{what}已存在', en: '{what} already exists' },
  stale_version: {
    'zh-CN': '该记录已被他人修改，请刷新后再改（您的输入未丢失）',
    en: 'Someone else changed this record; reload and apply your change again (your input is kept)',
  },
  weak_password: {
    'zh-CN': '密码至少8位，且包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'Passwords need at least 8 characters from at least 3 of: upper case, lower case, digits, symbols',
  },
  file_too_large: { 'zh-CN': '文件超过 {max} MB', en: 'The file is larger than {max} MB' },
  invalid_file_type: { 'zh-CN': '请上传 .xlsx 格式的 Excel 文件', en: 'Please upload an .xlsx Excel file' },
  import_invalid: {
    'zh-CN': '{count} 行有错误，未导入任何数据',
    en: '{count} rows have errors; nothing was imported',
  },
  database_unavailable: {
    'zh-CN': '数据库暂时不可用，请稍后重试',
    en: 'The database is unavailable; please try again shortly',
  },
  internal: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  file_required: { 'zh-CN': '请选择要上传的文件', en: 'Please choose a file to upload' },
  self_lockout: {
    'zh-CN': '不能停用或降级自己的管理员账号',
    en: 'You cannot disable or demote your own administrator account',
  },
  invalid_transition: {
    'zh-CN': '当前状态为“{from}”，不能变更为“{to}”',
    en: 'Something that is "{from}" cannot become "{to}"',
  },
  self_verification: {
    'zh-CN': '不能验收自己提交的整改',
    en: 'You cannot verify rectification evidence you submitted yourself',
  },
  verifier_level: {
    'zh-CN': '重大隐患须由县区或市级人员验收',
    en: 'A major hazard must be verified by the district or the city',
  },
  unsupported_attachment_type: {
    'zh-CN': '仅支持 JPEG/PNG/WebP 图片、PDF、Word（.docx）和 Excel（.xlsx）文件',
    en: 'Only JPEG/PNG/WebP images, PDF, Word (.docx) and Excel (.xlsx) files are accepted',
  },
  inspection_signed: {
    'zh-CN': '该检查已签字确认，不能再修改',
    en: 'This inspection is signed off and can no longer be changed',
  },
  inspection_incomplete: {
    'zh-CN': '还有 {count} 个检查项未填写结果',
    en: '{count} items have no result yet',
  },
  incomplete_application: {
    'zh-CN': '复工申请还有 {count} 项未填写或不符合要求，请补齐后再提交',
    en: 'The application has {count} missing or invalid items; complete them before submitting',
  },
  application_exists: {
    'zh-CN': '该企业已有未办结的复工申请（编号 {id}）',
    en: 'The enterprise already has an open resumption application (no. {id})',
  },
  phase_not_open: {
    'zh-CN': '该企业所属梯次“{phase}”尚未开放（最早日期：{date}），提前批准须经指挥部豁免',
    en: 'The enterprise\'s phase "{phase}" is not open yet (earliest date: {date}); approving earlier needs an exemption from the command HQ',
  },
  verification_required: {
    'zh-CN': '该梯次须经派驻指导员现场核查通过后方可批准',
    en: 'This phase needs a passed on-site verification by the liaison before approval',
  },
  verifier_cannot_approve: {
    'zh-CN': '现场核查人不能同时审批（一人核查、一人审批）',
    en: 'The person who verified on site cannot also approve (two-person rule)',
  },
  already_assigned: {
    'zh-CN': '该指导员已派驻此企业',
    en: 'This liaison is already stationed with the enterprise',
  },
  not_lead: {
    'zh-CN': '只有牵头部门可以办理或转办该诉求（协办部门可查看和发表意见）',
    en: 'Only the lead department may handle or transfer this demand (co-handlers may read and comment)',
  },
  rating_forbidden: {
    'zh-CN': '只有提出诉求的企业可以确认和评价，办理人员不能评价',
    en: 'Only the enterprise may confirm and rate a demand; handlers cannot rate',
  },
  not_contact_leader: {
    'zh-CN': '您不是该企业的包联领导',
    en: 'You are not the contact leader of this enterprise',
  },
  report_locked: {
    'zh-CN': '{date} 的日报告已超过 {days} 天更正期限，只能由县区或指挥部更正',
    en: 'The report for {date} is past the {days}-day correction window; only the district or the command HQ may correct it',
  },
};

/** Field-level reasons used in `details`. */
const REASONS: Record<string, { 'zh-CN': string; en: string }> = {
  unknown_division: { 'zh-CN': '行政区划代码 {value} 不存在', en: 'division code {value} does not exist' },
  division_not_district: {
    'zh-CN': '{value} 不是县区级行政区划',
    en: '{value} is not a district or county',
  },
  out_of_scope_division: {
    'zh-CN': '{value} 不在您的管辖范围内',
    en: '{value} is outside your division',
  },
  unknown_town: {
    'zh-CN': '乡镇街道代码 {value} 不属于所选县区',
    en: 'town code {value} does not belong to the chosen district',
  },
  unknown_industry: {
    'zh-CN': '行业代码 {value} 不在 GB/T 4754-2017 中',
    en: 'industry code {value} is not in GB/T 4754-2017',
  },
  unknown_department: { 'zh-CN': '部门 {value} 不存在', en: 'department {value} does not exist' },
  unknown_enterprise: { 'zh-CN': '企业 {value} 不存在', en: 'enterprise {value} does not exist' },
  scope_required: { 'zh-CN': '该角色必须填写此项', en: 'required for this role' },
  scope_not_allowed: { 'zh-CN': '该角色不应填写此项', en: 'not used by this role' },
  duplicate_uscc: { 'zh-CN': '统一社会信用代码 {value} 已登记', en: 'USCC {value} is already registered' },
  duplicate_in_file: {
    'zh-CN': '与第 {other} 行的统一社会信用代码重复',
    en: 'same USCC as row {other}',
  },
  duplicate_username: { 'zh-CN': '用户名 {value} 已被使用', en: 'username {value} is taken' },
  required: { 'zh-CN': '必填', en: 'required' },
  not_a_number: { 'zh-CN': '“{value}”不是数字', en: '"{value}" is not a number' },
  not_an_integer: { 'zh-CN': '“{value}”不是整数', en: '"{value}" is not a whole number' },
  negative: { 'zh-CN': '不能为负数', en: 'must not be negative' },
  not_boolean: { 'zh-CN': '应填“是”或“否”', en: 'must be yes or no' },
  unknown_size_class: {
    'zh-CN': '规模应为 大型/中型/小型/微型',
    en: 'size must be large/medium/small/micro',
  },
  too_long: { 'zh-CN': '超过 {max} 个字符', en: 'longer than {max} characters' },
  too_short: { 'zh-CN': '至少 {min} 个字符', en: 'at least {min} characters' },
  invalid_phone: { 'zh-CN': '电话号码格式不正确', en: 'not a valid phone number' },
  out_of_range: {
    'zh-CN': '有数值、日期或文字超出允许范围',
    en: 'a number, date or text is out of the allowed range',
  },
  invalid_date: {
    'zh-CN': '不是有效的日期（YYYY-MM-DD，1900–2100年）',
    en: 'not a valid date (YYYY-MM-DD, 1900–2100)',
  },
  unknown_column: { 'zh-CN': '无法识别的列“{value}”', en: 'unrecognised column "{value}"' },
  missing_column: { 'zh-CN': '缺少必需的列“{value}”', en: 'required column "{value}" is missing' },
  no_rows: { 'zh-CN': '文件中没有数据行', en: 'the file has no data rows' },
  too_many_rows: { 'zh-CN': '单次最多导入 {max} 行', en: 'at most {max} rows per import' },
  plan_required: { 'zh-CN': '重大隐患须填写整改方案', en: 'a major hazard needs a rectification plan' },
  evidence_required: { 'zh-CN': '请说明整改情况', en: 'describe what was rectified' },
  reason_required: { 'zh-CN': '请填写退回理由', en: 'give the reason for sending it back' },
  unknown_attachment: {
    'zh-CN': '附件 {value} 不存在或不属于该企业',
    en: 'attachment {value} does not exist or belongs to another enterprise',
  },
  unknown_template: {
    'zh-CN': '检查表 {value} 不存在或已停用',
    en: 'checklist {value} does not exist or is retired',
  },
  unknown_item: {
    'zh-CN': '检查项 {value} 不属于本次检查',
    en: 'item {value} is not part of this inspection',
  },
  category_line_mismatch: {
    'zh-CN': '类别 {value} 不属于所选条线',
    en: 'category {value} does not belong to the chosen line',
  },
  deadline_before_found: {
    'zh-CN': '整改期限不能早于发现日期',
    en: 'the deadline cannot be before the day it was found',
  },
  result_required: { 'zh-CN': '未填写检查结果', en: 'no result given' },
  unknown_user: { 'zh-CN': '用户 {value} 不存在', en: 'user {value} does not exist' },
  not_supervisor: {
    'zh-CN': '用户 {value} 不是督导组账号',
    en: 'user {value} is not a supervisor account',
  },
  unknown_group: { 'zh-CN': '督导组 {value} 不存在', en: 'group {value} does not exist' },
  unknown_squad: { 'zh-CN': '督导小分队 {value} 不存在', en: 'squad {value} does not exist' },
  already_member: {
    'zh-CN': '该用户已是此单位成员',
    en: 'this user is already a member of the unit',
  },
  date_range: { 'zh-CN': '结束日期不能早于开始日期', en: 'the end date is before the start date' },
  range_too_long: { 'zh-CN': '日期范围最多 {max} 天', en: 'the date range spans at most {max} days' },
  unknown_flag: { 'zh-CN': '标记 {value} 不存在', en: 'flag {value} does not exist' },
  duplicate_item: { 'zh-CN': '检查项 {value} 重复', en: 'item {value} appears twice' },
  unknown_checklist: { 'zh-CN': '检查表 {value} 不存在', en: 'checklist {value} does not exist' },
  checklist_line_mismatch: {
    'zh-CN': '检查表与专项治理的条线不一致',
    en: 'the checklist belongs to another line than the campaign',
  },
  one_of: { 'zh-CN': '{options} 须且只能填写一项', en: 'give exactly one of {options}' },
  not_failed: {
    'zh-CN': '只有不合格项才能登记隐患',
    en: 'only a failed item can carry a hazard',
  },
  future_date: { 'zh-CN': '不能晚于今天', en: 'cannot be in the future' },
  date_in_past: { 'zh-CN': '日期 {value} 早于今天', en: 'the date {value} is before today' },
  date_in_future: { 'zh-CN': '日期 {value} 晚于今天', en: 'the date {value} is after today' },
  before_previous_status: {
    'zh-CN': '不能早于上一次状态变更的日期 {value}',
    en: 'must not be before the previous status change ({value})',
  },
  exceeds: { 'zh-CN': '不能大于 {other}', en: 'must not exceed {other}' },
  must_be_confirmed: { 'zh-CN': '须确认已落实', en: 'must be confirmed' },
  unknown_phase: { 'zh-CN': '梯次 {value} 不存在', en: 'phase {value} does not exist' },
  duplicate_phase_code: {
    'zh-CN': '梯次代码 {value} 与第 {other} 个梯次重复',
    en: 'phase code {value} is also used by phase {other}',
  },
  duplicate_values: { 'zh-CN': '有重复的值', en: 'has duplicate values' },
  unknown_liaison: {
    'zh-CN': '指导员 {value} 不存在或已停用',
    en: 'liaison {value} does not exist or is disabled',
  },
  liaison_other_division: {
    'zh-CN': '指导员不属于该企业所在的县区',
    en: 'the liaison belongs to another district',
  },
  not_expected: {
    'zh-CN': '该企业 {value} 不需要报告（当日状态：{status}），只有已复工企业自复工之日起报告',
    en: 'the enterprise was not expected to report on {value} (status that day: {status}); only resumed enterprises report, from their resumption date',
  },
  below_min: { 'zh-CN': '不能小于 {min}', en: 'must be at least {min}' },
  above_max: { 'zh-CN': '不能大于 {max}', en: 'must be at most {max}' },
  zero_report_abnormal: {
    'zh-CN': '零报告的异常类数据项必须为 0；如有异常请按正常报告填报',
    en: 'a zero report must have 0 here; if something is abnormal, file a full report',
  },
  unknown_field: { 'zh-CN': '不认识的字段', en: 'unknown field' },
  not_text: { 'zh-CN': '应为文本', en: 'must be text' },
  duplicate_key: { 'zh-CN': '字段键 {value} 重复', en: 'field key {value} is used twice' },
  max_below_min: { 'zh-CN': '最大值不能小于最小值', en: 'the maximum is below the minimum' },
  bounds_not_numeric: { 'zh-CN': '只有数值型数据项可以设置上下限', en: 'only numeric fields take bounds' },
  abnormal_text: { 'zh-CN': '文本数据项不能作为异常指标', en: 'a text field cannot flag abnormal values' },
  unknown_field_ref: {
    'zh-CN': '规则引用了不存在的数据项 {value}',
    en: 'the rule names an unknown field {value}',
  },
  rule_not_numeric: {
    'zh-CN': '规则只能比较数值型数据项（{value}）',
    en: 'rules compare numeric fields only ({value})',
  },
  kpi_field_removed: {
    'zh-CN': '数据项 {value} 用于指标统计，不能删除',
    en: 'field {value} feeds the KPIs and cannot be removed',
  },
  kpi_field_type: {
    'zh-CN': '数据项 {value} 用于指标统计，类型须为 {type}',
    en: 'field {value} feeds the KPIs and must stay of type {type}',
  },
  rule_self: { 'zh-CN': '规则不能与自身比较（{value}）', en: 'a rule cannot compare {value} with itself' },
  invalid_time: { 'zh-CN': '时间格式应为 HH:MM', en: 'time must be HH:MM' },
  note_required: { 'zh-CN': '请填写说明', en: 'write a note' },
  rating_required: { 'zh-CN': '请给出 1–5 分的满意度评价', en: 'give a satisfaction rating from 1 to 5' },
  solved_required: { 'zh-CN': '请确认问题是否已解决', en: 'say whether the problem is solved' },
  not_applicable: { 'zh-CN': '只有确认办结时才能评价', en: 'a rating is given only when confirming' },
  unknown_inspection: {
    'zh-CN': '检查记录 {value} 不存在或不属于该企业',
    en: 'inspection {value} does not exist or belongs to another enterprise',
  },
  source_not_allowed: {
    'zh-CN': '您不能以“{value}”为来源提交诉求',
    en: 'you cannot raise a demand as "{value}"',
  },
  same_department: { 'zh-CN': '已由该部门牵头办理', en: 'this department already leads it' },
  duplicate_rule: {
    'zh-CN': '与第 {other} 条规则的类别、区划、行业完全相同',
    en: 'same category, division and industry as rule {other}',
  },
  missing_default_rule: {
    'zh-CN': '类别 {value} 缺少不限区划和行业的兜底规则',
    en: 'category {value} needs a rule without division or industry',
  },
  other_department: {
    'zh-CN': '只能维护本部门的模板（{value}）',
    en: "you can only keep your own department's templates ({value})",
  },
  no_targets: { 'zh-CN': '该范围内没有任何企业', en: 'the rule binds no enterprise' },
};

function fill(text: string, params?: Record<string, unknown>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
}

/** The message for an error code in a locale; unknown codes fall back to the code. */
export function message(code: string, locale: Locale, params?: Record<string, unknown>): string {
  const m = MESSAGES[code];
  return m ? fill(m[locale], params) : code;
}

/** The sentence for a field-level reason. */
export function reason(code: string, locale: Locale, params?: Record<string, unknown>): string {
  const m = REASONS[code];
  return m ? fill(m[locale], params) : code;
}

/** Picks the UI language from the request's Accept-Language (zh-CN unless English is asked for). */
export function localeFromHeader(header: string | undefined): Locale {
  return header?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
