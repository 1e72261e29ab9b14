import { z } from "zod";
import { updateProfile } from "@/lib/account";
import { recordEvent } from "@/lib/activity";
import { clientInfo } from "@/lib/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { currentUserDetailsSignal } from "@/lib/signals";
import { displayNameSchema, emailSchema } from "@/lib/validation";

const bodySchema = z.object({ name: displayNameSchema, email: emailSchema });

export const PATCH = signedInJsonRoute(async (request, session) => {
  const { name, email } = await readJsonBody(request, bodySchema);
  const user = await updateProfile(session.userId, { displayName: name, email });
  const fields = [
    ...(session.user.displayName !== user.displayName ? ["name"] : []),
    ...(session.user.email !== user.email ? ["email"] : []),
  ];
  if (fields.length > 0) {
    const emailChanged = session.user.email !== user.email;
    await recordEvent({
      userId: session.userId,
      type: "profile_changed",
      client: clientInfo(request.headers),
      detail: { fields },
      // The address it replaced hears about it: if someone else made the change, that is the owner.
      notify: emailChanged ? "email_changed" : undefined,
      notifyAddress: emailChanged ? session.user.email : undefined,
    });
  }
  return { signal: currentUserDetailsSignal(user) };
});
