import { userInfo } from 'node:os';

/** Who is editing, for the audit log: the name given, else the account running connote. */
export function editor(name?: string | null): string {
  if (name && name.trim() !== '') return name.trim();
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
