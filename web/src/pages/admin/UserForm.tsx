import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Flex, Form, Input, Select } from 'antd';
import { useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS, ROLE_SCOPE, ROLES, type Role } from '../../../../shared/enums';
import { api, isApiError } from '../../api/client';
import type { EnterpriseOption, UserCreateInput, UserUpdateInput, UserView } from '../../api/types';
import { DepartmentSelect, DistrictSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { isStrongPassword } from '../../lib/password';

interface Values {
  username: string;
  displayName: string;
  role: Role;
  password?: string;
  phone?: string;
  divisionCode?: string | null;
  departmentCode?: string | null;
  enterpriseId?: number | null;
}

const FIELDS = [
  'username',
  'displayName',
  'role',
  'password',
  'phone',
  'divisionCode',
  'departmentCode',
  'enterpriseId',
];

/** The scope fields an account of this role carries: the one it needs, the others cleared. */
function scopeOf(role: Role, v: Values) {
  const need = ROLE_SCOPE[role];
  return {
    divisionCode: need === 'division' ? (v.divisionCode ?? null) : null,
    departmentCode: need === 'department' ? (v.departmentCode ?? null) : null,
    enterpriseId: need === 'enterprise' ? (v.enterpriseId ?? null) : null,
  };
}

/** Picks an enterprise for an enterprise account by name, USCC or pinyin initials. */
function EnterprisePicker({
  value,
  onChange,
  initialLabel,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  initialLabel?: string | null;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search);
  const { data, isFetching } = useQuery({
    queryKey: ['enterprise-options', q],
    queryFn: ({ signal }) => api.get<EnterpriseOption[]>('/api/admin/enterprise-options', { q }, signal),
    staleTime: 60_000,
  });
  const options = (data ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.uscc}）` }));
  if (value && initialLabel && !options.some((o) => o.value === value))
    options.unshift({ value, label: initialLabel });
  return (
    <Select<number>
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      placeholder={t('user.form.enterpriseSearch')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={isFetching}
      options={options}
      notFoundContent={isFetching ? t('common.loading') : t('common.noData')}
      data-testid="user-enterprise"
    />
  );
}

interface UserFormProps {
  open: boolean;
  /** null = create a new account. */
  user: UserView | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Drawer to create an account or edit one (name, phone, role and scope = re-scoping). */
export function UserForm({ open, user, onClose, onSaved }: UserFormProps) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const need = role ? ROLE_SCOPE[role] : 'none';

  // Keyed on the account id, not the object: a reload after a 409 brings a new version but keeps the input.
  const userId = user?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when another account is opened
  useEffect(() => {
    if (!open) return;
    setBanner(null);
    form.resetFields();
    form.setFieldsValue(
      user
        ? {
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            phone: user.phone ?? '',
            divisionCode: user.divisionCode,
            departmentCode: user.departmentCode,
            enterpriseId: user.enterpriseId,
          }
        : { role: undefined, phone: '' },
    );
  }, [open, userId, form]);

  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const phone = v.phone?.trim() ? v.phone.trim() : null;
      if (!user) {
        const body: UserCreateInput = {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          password: v.password ?? '',
          phone,
          ...scopeOf(v.role, v),
        };
        return api.post<UserView>('/api/users', body);
      }
      const body: UserUpdateInput = { version: user.version };
      if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
      if (phone !== (user.phone || null)) body.phone = phone;
      const scope = scopeOf(v.role, v);
      const rescoped =
        v.role !== user.role ||
        scope.divisionCode !== user.divisionCode ||
        scope.departmentCode !== user.departmentCode ||
        scope.enterpriseId !== user.enterpriseId;
      if (rescoped) Object.assign(body, { role: v.role, ...scope });
      return api.patch<UserView>(`/api/users/${user.id}`, body);
    },
    onSuccess: () => {
      message.success(user ? t('user.form.saved') : t('user.form.created'));
      onSaved();
      onClose();
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setBanner(t('user.staleVersion'));
        onSaved();
        return;
      }
      if (isApiError(err, 'duplicate')) {
        form.setFields([{ name: 'username', errors: [err.message] }]);
        return;
      }
      if (isApiError(err, 'weak_password')) {
        form.setFields([{ name: 'password', errors: [err.message] }]);
        return;
      }
      setBanner(formErrorBanner(form, err, FIELDS));
    },
  });

  const required = (field: string) => ({ required: true, message: t('validation.required', { field }) });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={480}
      title={user ? t('user.form.editTitle', { username: user.username }) : t('user.form.createTitle')}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={mutation.isPending}
            onClick={() => form.submit()}
            data-testid="user-submit"
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate(v)}
        data-testid="user-form"
      >
        <Form.Item
          name="username"
          label={t('user.fields.username')}
          rules={
            user
              ? []
              : [
                  required(t('user.fields.username')),
                  { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('user.form.usernameRule') },
                ]
          }
        >
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('user.fields.displayName')}
          rules={[
            required(t('user.fields.displayName')),
            { max: 64, message: t('validation.max', { max: 64 }) },
          ]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="role" label={t('user.fields.role')} rules={[required(t('user.fields.role'))]}>
          <Select<Role>
            placeholder={t('user.fields.role')}
            options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
            data-testid="user-role"
          />
        </Form.Item>
        {user && role && role !== user.role && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('user.form.rescopeHint')} />
        )}
        {need === 'division' && (
          <Form.Item
            name="divisionCode"
            label={t('user.fields.division')}
            rules={[required(t('user.fields.division'))]}
          >
            <DistrictSelect allowClear data-testid="user-division" />
          </Form.Item>
        )}
        {need === 'department' && (
          <Form.Item
            name="departmentCode"
            label={t('user.fields.department')}
            rules={[required(t('user.fields.department'))]}
          >
            <DepartmentSelect allowClear data-testid="user-department" />
          </Form.Item>
        )}
        {need === 'enterprise' && (
          <Form.Item
            name="enterpriseId"
            label={t('user.fields.enterprise')}
            rules={[required(t('user.fields.enterprise'))]}
          >
            <EnterprisePicker initialLabel={user?.enterpriseName} />
          </Form.Item>
        )}
        {!user && (
          <Form.Item
            name="password"
            label={t('user.fields.password')}
            extra={t('password.policy')}
            rules={[
              required(t('user.fields.password')),
              {
                validator: (_, v: string | undefined) =>
                  !v || isStrongPassword(v)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.weak'))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item
          name="phone"
          label={t('user.fields.phone')}
          rules={[{ max: 32, message: t('validation.max', { max: 32 }) }]}
        >
          <Input maxLength={32} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Sets a new password for an account (the user must change it at next sign-in if the server says so). */
export function ResetPasswordModalBody({
  user,
  onDone,
}: {
  user: UserView;
  onDone: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (password: string) => api.post(`/api/users/${user.id}/reset-password`, { password }),
    onSuccess: () => {
      message.success(t('user.reset.done', { username: user.username }));
      onDone(true);
    },
    onError: (err) => {
      if (isApiError(err, 'weak_password')) {
        form.setFields([{ name: 'password', errors: [err.message] }]);
        return;
      }
      setBanner(formErrorBanner(form, err, ['password']));
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => mutation.mutate(v.password)}
      data-testid="reset-password-form"
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="password"
        label={t('user.reset.newPassword')}
        extra={t('password.policy')}
        rules={[
          { required: true, message: t('validation.required', { field: t('user.reset.newPassword') }) },
          {
            validator: (_, v: string | undefined) =>
              !v || isStrongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('password.weak'))),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('validation.required', { field: t('password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_, v: string | undefined) =>
              !v || v === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Flex justify="end" gap={8}>
        <Button onClick={() => onDone(false)}>{t('common.cancel')}</Button>
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          data-testid="reset-password-submit"
        >
          {t('user.reset.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
