/**
 * Who is logged in: GET /api/auth/me at start, POST /api/auth/login, POST /api/auth/logout.
 * The security engineer owns those routes; this side only needs the user, roles, permissions and CSRF token.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, api, setCsrfToken } from "./api.ts";

/** The logged-in user as the web app sees it (fields beyond these are ignored). */
export interface TMe {
  id?: number;
  username: string;
  displayName?: string | null;
  roles: Array<{ role: string; unitId: number; unitName?: string }>;
  /** Permissions held somewhere in scope, when the server lists them. */
  permissions?: string[];
  csrfToken?: string;
}

interface TAuthState {
  /** undefined while loading, null when logged out. */
  me: TMe | null | undefined;
  login(options: { username: string; password: string }): Promise<TMe>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  /** True when the user may use `permission` ("public" always; unknown lists allow, the server decides). */
  can(permission?: string): boolean;
}

const AuthContext = createContext<TAuthState | null>(null);

/** Normalises the body of /auth/me and /auth/login, which may wrap the user in `user`. */
function toMe(body: unknown): TMe | null {
  if (!body || typeof body !== "object") return null;
  const b = body as Record<string, unknown>;
  const u = (b.user && typeof b.user === "object" ? b.user : b) as Record<string, unknown>;
  if (typeof u.username !== "string") return null;
  const token = typeof b.csrfToken === "string" ? b.csrfToken : (u.csrfToken as string | undefined);
  if (token) setCsrfToken(token);
  return {
    id: typeof u.id === "number" ? u.id : undefined,
    username: u.username,
    displayName:
      (u.displayName as string | null | undefined) ?? (u.fullName as string | null | undefined) ?? null,
    roles: (Array.isArray(u.roles) ? u.roles : Array.isArray(b.roles) ? b.roles : []) as TMe["roles"],
    permissions: (Array.isArray(u.permissions)
      ? u.permissions
      : Array.isArray(b.permissions)
        ? b.permissions
        : undefined) as string[] | undefined,
    csrfToken: token,
  };
}

/** Loads the session once and provides it. */
export function AuthProvider(props: { children: ReactNode }): ReactNode {
  const [me, setMe] = useState<TMe | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      setMe(toMe(await api.get<unknown>("/auth/me")));
    } catch (e) {
      if (e instanceof ApiError) setMe(null);
      else throw e;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (options: { username: string; password: string }) => {
    const body = await api.post<unknown>("/auth/login", options);
    let user = toMe(body);
    if (!user) user = toMe(await api.get<unknown>("/auth/me"));
    if (!user)
      throw new ApiError({
        status: 500,
        body: { code: "login", message: "Đăng nhập không thành công", messageEn: "Login failed" },
      });
    setMe(user);
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post("/auth/logout", {});
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  const can = useCallback(
    (permission?: string) => {
      if (!permission || permission === "public") return true;
      if (!me) return false;
      return me.permissions ? me.permissions.includes(permission) : true;
    },
    [me],
  );

  const value = useMemo(() => ({ me, login, logout, refresh, can }), [me, login, logout, refresh, can]);
  return <AuthContext.Provider value={value}>{props.children}</AuthContext.Provider>;
}

/** The session: `const { me, can, login, logout } = useAuth()`. */
export function useAuth(): TAuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
