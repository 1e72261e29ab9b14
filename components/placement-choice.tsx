"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type ReactNode } from "react";
import type { PasskeyPlacement } from "@/lib/shared/passkey-placement";
import { Button } from "./button";

const CHOICES: { placement: PasskeyPlacement; label: "thisDevice" | "phoneOrTablet" | "securityKey" }[] = [
  { placement: "this-device", label: "thisDevice" },
  { placement: "phone-or-tablet", label: "phoneOrTablet" },
  { placement: "security-key", label: "securityKey" },
];

/**
 * "Choose where to save it": a disclosure beside a page's usual passkey button that offers the
 * three places a new passkey can go. The usual button stays the default path; this one is for
 * people who know where they want the passkey, so their browser's prompt opens there.
 */
export function PlacementChoice({ onChoose, disabled }: { onChoose: (placement: PasskeyPlacement) => void; disabled: boolean }): ReactNode {
  const t = useTranslations("passkeys");
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="flex flex-col items-start gap-2">
      <Button variant="quiet" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((shown) => !shown)}>
        {t("chooseWhere")}
        <span aria-hidden="true">{open ? "▴" : "▾"}</span>
      </Button>
      <div id={panelId} hidden={!open} role="group" aria-label={t("whereGroup")} className="flex flex-wrap gap-2">
        {CHOICES.map(({ placement, label }) => (
          <Button key={placement} variant="secondary" disabled={disabled} onClick={() => onChoose(placement)}>
            {t(label)}
          </Button>
        ))}
      </div>
    </div>
  );
}
