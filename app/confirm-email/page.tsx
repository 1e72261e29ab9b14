import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Card } from "@/components/card";
import { BAD_LINK, findLinkConfirmation } from "@/lib/server/accounts/confirm-email";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { ConfirmLinkForm } from "./confirm-link-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailLinks"))("confirmTitle"), referrer: "no-referrer" };
}

/**
 * Where the emailed link lands. Opening it changes nothing (mail scanners open links too): the
 * page asks, and its button confirms.
 */
export default async function ConfirmEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { token } = await searchParams;
  const valid = typeof token === "string" && linkTokenSchema(BAD_LINK).safeParse(token).success;
  const pending = valid ? await findLinkConfirmation(token) : null;
  const t = await getTranslations("emailLinks");
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">{t("confirmTitle")}</h1>
      {pending && typeof token === "string" ? (
        <ConfirmLinkForm token={token} address={pending.address} purpose={pending.purpose === "change" ? "change" : "signup"} />
      ) : (
        <div className="mt-4">
          <ErrorAlert message={BAD_LINK} />
        </div>
      )}
    </Card>
  );
}
