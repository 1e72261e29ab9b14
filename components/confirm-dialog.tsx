import { useTranslations } from "next-intl";
import type { ReactNode, Ref } from "react";
import { ErrorAlert } from "./alert";
import { Button } from "./button";

interface ConfirmDialogProps {
  /** The page opens it with `showModal()`. */
  ref: Ref<HTMLDialogElement>;
  id: string;
  title: string;
  /** The title's level in the page's outline, where the dialog sits. */
  heading: "h2" | "h4";
  description: ReactNode;
  confirmLabel: string;
  onConfirm: (form: HTMLFormElement) => void;
  busy?: boolean;
  problem?: string | null;
  /** Fields the person fills in to confirm. */
  children?: ReactNode;
}

/** A modal question before a change that can't be undone: Cancel, or the red button that makes it. */
export function ConfirmDialog({
  ref,
  id,
  title,
  heading: Heading,
  description,
  confirmLabel,
  onConfirm,
  busy = false,
  problem,
  children,
}: ConfirmDialogProps): ReactNode {
  const t = useTranslations("common");
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      className="m-auto max-w-md rounded-2xl bg-white p-6 shadow-xl backdrop:bg-slate-950/40"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(event.currentTarget);
        }}
        className="flex flex-col gap-4"
        noValidate
      >
        <Heading id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </Heading>
        <div id={`${id}-description`} className="flex flex-col gap-2 text-sm text-slate-600">
          {description}
        </div>
        {children}
        {problem ? <ErrorAlert message={problem} /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={(event) => event.currentTarget.closest("dialog")?.close()} disabled={busy}>
            {t("cancel")}
          </Button>
          <Button type="submit" className="bg-red-700 hover:bg-red-800" disabled={busy} aria-busy={busy}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
