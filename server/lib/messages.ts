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
  unknown_column: { 'zh-CN': '无法识别的列“{value}”', en: 'unrecognised column "{value}"' },
  missing_column: { 'zh-CN': '缺少必需的列“{value}”', en: 'required column "{value}" is missing' },
  no_rows: { 'zh-CN': '文件中没有数据行', en: 'the file has no data rows' },
  too_many_rows: { 'zh-CN': '单次最多导入 {max} 行', en: 'at most {max} rows per import' },
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
