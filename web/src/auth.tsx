import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Action } from '../../shared/access';
import type { Locale } from '../../shared/enums';
import { ApiError, api, PASSWORD_CHANGE_EVENT, setCsrfToken, UNAUTHENTICATED_EVENT } from './api/client';
import type { Me } from './api/types';
import { changeLocale, currentLocale } from './i18n';

export const ME_KEY = ['me'] as const;

interface AuthValue {
  me: Me | null;
  loading: boolean;
  /** True after the user signed out themselves: the login page then starts fresh (no "return to"). */
  signedOutOnPurpose: boolean;
  /** Why the session ended when the user did not sign out (e.g. `session_expired`). */
  endedBecause: string | null;
  /** Stores a fresh session (login answer); `preferLocale` is a language picked before signing in. */
  signedIn: (me: Me, preferLocale?: Locale) => Promise<void>;
  signOut: () => Promise<void>;
  /** Changes the UI language and remembers it for the signed-in user. */
  setLocale: (locale: Locale) => Promise<void>;
  refresh: () => Promise<void>;
  can: (access: Action | 'authenticated' | 'public') => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const { data, isLoading } = useQuery({
    queryKey: ME_KEY,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: 1,
  });
  const me = data ?? null;
  const adoptedFor = useRef<number | null>(null);
  const [signedOutOnPurpose, setSignedOutOnPurpose] = useState(false);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
  }, [me]);

  // The remembered per-user language wins when a session is (re)opened.
  useEffect(() => {
    if (!me || adoptedFor.current === me.id) return;
    adoptedFor.current = me.id;
    if (me.locale !== currentLocale()) void changeLocale(me.locale).then(() => qc.invalidateQueries());
  }, [me, qc]);

  useEffect(() => {
    const onUnauthenticated = (e: Event) => {
      if (!qc.getQueryData(ME_KEY)) return;
      setEndedBecause(String((e as CustomEvent).detail ?? 'unauthenticated'));
      setSignedOutOnPurpose(false);
      qc.setQueryData(ME_KEY, null);
    };
    const onPasswordChange = () => void qc.invalidateQueries({ queryKey: ME_KEY });
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    window.addEventListener(PASSWORD_CHANGE_EVENT, onPasswordChange);
    return () => {
      window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
      window.removeEventListener(PASSWORD_CHANGE_EVENT, onPasswordChange);
    };
  }, [qc]);

  const signedIn = useCallback(
    async (fresh: Me, preferLocale?: Locale) => {
      setCsrfToken(fresh.csrfToken);
      let next = fresh;
      if (preferLocale && preferLocale !== fresh.locale) {
        next = { ...fresh, locale: preferLocale };
        api.patch('/api/me/preferences', { locale: preferLocale }).catch(() => undefined);
      }
      adoptedFor.current = null;
      setSignedOutOnPurpose(false);
      setEndedBecause(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(ME_KEY, next);
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // the session may already be gone; the user is signed out either way
    }
    setCsrfToken(null);
    adoptedFor.current = null;
    setSignedOutOnPurpose(true);
    setEndedBecause(null);
    qc.setQueryData(ME_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  }, [qc]);

  const setLocale = useCallback(
    async (locale: Locale) => {
      await changeLocale(locale);
      const current = qc.getQueryData<Me | null>(ME_KEY);
      if (current) {
        qc.setQueryData(ME_KEY, { ...current, locale });
        api.patch('/api/me/preferences', { locale }).catch(() => undefined);
      }
      // Names and messages come localized from the server: fetch them again.
      await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
    [qc],
  );

  const refresh = useCallback(async () => {
    await qc.invalidateQueries({ queryKey: ME_KEY });
  }, [qc]);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading: isLoading,
      signedOutOnPurpose,
      endedBecause,
      signedIn,
      signOut,
      setLocale,
      refresh,
      can: (access) =>
        access === 'public' || (!!me && (access === 'authenticated' || me.abilities.includes(access))),
    }),
    [me, isLoading, signedOutOnPurpose, endedBecause, signedIn, signOut, setLocale, refresh],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user; only for pages behind the auth guard. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
