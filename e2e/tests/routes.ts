import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Who may open a group of pages: the client's `Access` (web/src/components/guard.rs). */
export type Access = 'AnyAccount' | 'ActiveAccount' | 'Patient' | 'Doctor' | 'DoctorOrAdmin' | 'PatientOrDoctor' | 'Admin';

export type Role = 'patient' | 'doctor' | 'admin';

/** The roles each group is for. */
export const ROLES: Record<Access, Role[]> = {
  AnyAccount: ['patient', 'doctor', 'admin'],
  ActiveAccount: ['patient', 'doctor', 'admin'],
  Patient: ['patient'],
  Doctor: ['doctor'],
  DoctorOrAdmin: ['doctor', 'admin'],
  PatientOrDoctor: ['patient', 'doctor'],
  Admin: ['admin'],
};

/** How the "not for your role" page names the people a group is for. */
export const AUDIENCE: Record<Access, string> = {
  AnyAccount: 'people with an active account',
  ActiveAccount: 'people with an active account',
  Patient: 'patients',
  Doctor: 'doctors',
  DoctorOrAdmin: 'doctors and administrators',
  PatientOrDoctor: 'patients and doctors',
  Admin: 'administrators',
};

export interface ProtectedRoute {
  /** The route as the router declares it, e.g. `/doctors/:id`. */
  pattern: string;
  /** An address that matches it (ids are made up). */
  url: string;
  access: Access;
}

const SOME_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** Every route below the sign-in check of the client's route tree
 * (web/src/app.rs), read from its source so that a route added there is
 * tested here without being listed twice. */
export function protectedRoutes(): ProtectedRoute[] {
  const source = readFileSync(path.resolve(__dirname, '../../web/src/app.rs'), 'utf8');
  const start = source.indexOf('<ProtectedParentRoute');
  const end = source.indexOf('</ProtectedParentRoute>');
  if (start < 0 || end < start) throw new Error('web/src/app.rs has no <ProtectedParentRoute>');
  const tree = source.slice(start, end);
  const group = /<ParentRoute path=path!\("([^"]*)"\) view=\|\| view! \{ <Guard access=Access::(\w+)\/> \}>([\s\S]*?)<\/ParentRoute>/g;
  const routes: ProtectedRoute[] = [];
  for (const [, prefix, access, body] of tree.matchAll(group)) {
    if (!(access in ROLES)) throw new Error(`unknown access ${access} in web/src/app.rs`);
    for (const [, route] of body.matchAll(/<Route path=path!\("([^"]*)"\)/g)) {
      const pattern = `${prefix}${route}`;
      routes.push({ pattern, url: pattern.replace(/:[a-z_]+/g, SOME_ID), access: access as Access });
    }
  }
  // Every route of the tree must have been read: a change of its shape
  // must fail here, not skip routes.
  const declared = [...tree.matchAll(/<Route path=/g)].length;
  if (routes.length !== declared || routes.length === 0) {
    throw new Error(`read ${routes.length} of the ${declared} protected routes of web/src/app.rs`);
  }
  return routes;
}
