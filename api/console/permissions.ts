/**
 * Who may do what in the console: each screen needs a permission, and each role holds some.
 * Manager: everything. Operations: campaign control, failed pieces, schedules, slots. Data
 * entry: reply cards and imports. Call centre: contact search and view, reply cards.
 */
import type { Role } from '../../client/users.js';

export const PERMISSIONS = {
  campaigns: ['manager', 'operations'],
  failed: ['manager', 'operations'],
  schedules: ['manager', 'operations'],
  slots: ['manager', 'operations'],
  contacts: ['manager', 'call-centre'],
  replies: ['manager', 'data-entry', 'call-centre'],
  imports: ['manager', 'data-entry'],
  audit: ['manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allowed(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The screens in the order the menu shows them, each with its path and permission. */
export const SCREENS: { key: Permission; path: string; label: keyof typeof import('./messages/en.js').en.screens }[] = [
  { key: 'campaigns', path: '/campaigns', label: 'campaigns' },
  { key: 'contacts', path: '/contacts', label: 'contacts' },
  { key: 'failed', path: '/failed', label: 'failed' },
  { key: 'replies', path: '/reply-cards', label: 'dataEntry' },
  { key: 'schedules', path: '/schedules', label: 'schedules' },
  { key: 'slots', path: '/slots', label: 'slots' },
  { key: 'imports', path: '/imports', label: 'imports' },
  { key: 'audit', path: '/audit', label: 'audit' },
];
