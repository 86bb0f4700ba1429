// Who is signed in, for the trainer pages.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { api, ApiError } from '../api/client';
import type { User } from '../api/types';
import { PageLoading } from '../shared/PageLoading';

interface AuthState {
  user: User | null | undefined; // undefined: not known yet
  setUser: (u: User | null) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState>({ user: undefined, setUser: () => {}, signOut: async () => {} });

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api.me().then(
      (r) => setUser(r.user),
      (e) => setUser(e instanceof ApiError && e.status === 401 ? null : null),
    );
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, []);
  return <AuthContext.Provider value={{ user, setUser, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}

/** Lets only a signed-in trainer through; others go to sign-in (or first-run setup). */
export function RequireTrainer() {
  const { user } = useAuth();
  const location = useLocation();
  const [setupNeeded, setSetupNeeded] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (user === null) api.setupStatus().then((r) => setSetupNeeded(r.needed), () => setSetupNeeded(false));
  }, [user]);
  if (user === undefined) return <PageLoading />;
  if (user === null) {
    if (setupNeeded === undefined) return <PageLoading />;
    const next = location.pathname + location.search;
    return <Navigate to={setupNeeded ? '/setup' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
