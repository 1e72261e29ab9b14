import "server-only";
import type { User } from "../../generated/prisma/client";

// The few hot queries written as raw SQL (one round trip where Prisma would send two) read the
// account with `u.<column> AS u_<column>`; this turns those columns back into Prisma's User.
// Tests compare the result with Prisma's own (lib/server/ceremonies/assertion-state.test.ts, lib/server/sessions/sessions.test.ts).

/** The columns of `users u`, aliased for userFromRow. */
export const USER_COLUMNS = `u.id AS u_id, u.user_handle AS u_user_handle, u.email AS u_email,
  u.email_confirmed_at AS u_email_confirmed_at, u.display_name AS u_display_name,
  u.device_bound_only AS u_device_bound_only, u.locale AS u_locale, u.created_at AS u_created_at, u.updated_at AS u_updated_at`;

export interface UserColumns {
  u_id: string | null;
  u_user_handle: string;
  u_email: string;
  u_email_confirmed_at: Date | null;
  u_display_name: string;
  u_device_bound_only: boolean;
  u_locale: string;
  u_created_at: Date;
  u_updated_at: Date;
}

export function userFromRow(row: UserColumns): User | null {
  if (!row.u_id) return null;
  return {
    id: row.u_id,
    userHandle: row.u_user_handle,
    email: row.u_email,
    emailConfirmedAt: row.u_email_confirmed_at,
    displayName: row.u_display_name,
    deviceBoundOnly: row.u_device_bound_only,
    locale: row.u_locale,
    createdAt: row.u_created_at,
    updatedAt: row.u_updated_at,
  };
}
