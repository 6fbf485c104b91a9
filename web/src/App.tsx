import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { type ReactNode, Suspense } from 'react';
import { BrowserRouter, type Location, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider, useAuth } from './auth';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ForbiddenResult } from './components/ErrorPages';
import { PageSpinner } from './components/PageSpinner';
import { useLocale } from './i18n';
import { AppLayout } from './layout/AppLayout';
import { type AppRoute, LoginPage, ROUTES } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers will not change on retry; network hiccups might.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

/** Signed-in users only; everyone else goes to the login page and comes back afterwards. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, signedOutOnPurpose } = useAuth();
  const location = useLocation();
  if (loading) {
    return <PageSpinner fullScreen />;
  }
  if (!me)
    return <Navigate to="/login" replace state={signedOutOnPurpose ? undefined : { from: location }} />;
  if (me.mustChangePassword && location.pathname !== '/account') {
    return <Navigate to="/account" replace state={{ mustChangePassword: true }} />;
  }
  return <>{children}</>;
}

/** A page the route table allows for the user's abilities, or the 403 page. */
function Guarded({ route }: { route: AppRoute }) {
  const { can } = useAuth();
  const Page = route.page;
  if (!can(route.access)) return <ForbiddenResult />;
  return (
    <Suspense fallback={<PageSpinner />}>
      <Page />
    </Suspense>
  );
}

/** Where to go after signing in: the page that sent the user to the login page, or home. */
function afterLogin(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from;
  return from && from.pathname !== '/login' ? `${from.pathname}${from.search}${from.hash}` : '/';
}

function LoginRoute() {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return null;
  if (me) return <Navigate to={afterLogin(location.state)} replace />;
  return (
    <Suspense fallback={<PageSpinner />}>
      <LoginPage />
    </Suspense>
  );
}

function Shell() {
  const { locale } = useLocale();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1456b8', borderRadius: 6 } }}
    >
      <AntApp>
        <ErrorBoundary>
          <BrowserRouter>
            <AuthProvider>
              <Routes>
                <Route path="/login" element={<LoginRoute />} />
                {ROUTES.filter((r) => r.bare).map((r) => (
                  <Route
                    key={r.path}
                    path={r.path}
                    element={
                      <RequireAuth>
                        <Guarded route={r} />
                      </RequireAuth>
                    }
                  />
                ))}
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  {ROUTES.filter((r) => !r.bare).map((r) => (
                    <Route key={r.path} path={r.path} element={<Guarded route={r} />} />
                  ))}
                </Route>
              </Routes>
            </AuthProvider>
          </BrowserRouter>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

export default function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}
