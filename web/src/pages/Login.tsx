import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/enums';
import { ApiError, api } from '../api/client';
import type { Me } from '../api/types';
import { useAuth } from '../auth';
import { LangSwitch } from '../components/LangSwitch';
import { changeLocale } from '../i18n';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';

interface LoginValues {
  username: string;
  password: string;
}

export default function Login() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const { signedIn, endedBecause } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<{ message: string; lockedUntil?: string } | null>(null);
  // A language picked here is the user's latest explicit choice: it becomes their preference.
  const [pickedLocale, setPickedLocale] = useState<Locale | undefined>();

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setProblem(null);
    try {
      const me = await api.post<Me>('/api/auth/login', values);
      // The login route sends the user on to the page they wanted once the session is stored.
      await signedIn(me, pickedLocale);
    } catch (e) {
      const lockedUntil =
        e instanceof ApiError && e.code === 'account_locked'
          ? (e.details as { lockedUntil?: string } | undefined)?.lockedUntil
          : undefined;
      setProblem({ message: errorMessage(e), lockedUntil });
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: 'linear-gradient(160deg, #0b2a5b 0%, #1456b8 100%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} variant="borderless">
        <Flex justify="space-between" align="start" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
          <LangSwitch
            onChange={(l) => {
              setPickedLocale(l);
              void changeLocale(l);
            }}
          />
        </Flex>
        {!problem && endedBecause === 'session_expired' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('login.sessionExpired')}
            data-testid="session-expired"
          />
        )}
        {problem && (
          <Alert
            data-testid="login-error"
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.message}
            description={
              problem.lockedUntil
                ? t('login.lockedUntil', { time: formatDateTime(problem.lockedUntil) })
                : undefined
            }
          />
        )}
        <Form<LoginValues>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          size="large"
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.75)', marginTop: 16 }}>
        {t('login.footer')}
      </Typography.Text>
    </Flex>
  );
}
