// "Export CSV": writes a file to the Downloads folder and says where, and how many rows.

import { useMutation } from "@tanstack/react-query";
import { Download } from "lucide-react";
import type { Export } from "../bindings/Export";
import { errorMessage } from "../api/invoke";
import { plural } from "../lib/format";
import { useToast } from "./Toasts";
import { Spinner } from "./ui";

export function ExportButton({
  run,
  row = "row",
  label = "Export CSV",
  className = "btn",
  disabled,
  test,
  autoFocus,
}: {
  run: () => Promise<Export>;
  /** What one row is, for the message: "referrer", "code". */
  row?: string;
  label?: string;
  className?: string;
  disabled?: boolean;
  test?: string;
  /** The action a dialog opens on. */
  autoFocus?: boolean;
}) {
  const toast = useToast();
  const m = useMutation({
    mutationFn: run,
    onSuccess: (done) => toast.show("success", `Exported ${plural(done.rows, row)}`, done.path),
    onError: (e) => toast.show("error", "Not exported", errorMessage(e)),
  });
  return (
    <button type="button" className={className} onClick={() => m.mutate()} disabled={disabled || m.isPending} data-test={test} data-autofocus={autoFocus || undefined}>
      {m.isPending ? <Spinner /> : <Download size={15} />} {label}
    </button>
  );
}
