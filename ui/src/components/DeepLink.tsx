// A link to the bot, copied: in demo mode the bot is the built-in simulator's, which no Telegram
// app can open, and the merchant is told so beside the link and when copying it.

import { Check, Copy, FlaskConical } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { copyText } from "../lib/clipboard";
import { useStatus } from "../queries";
import { useToast } from "./Toasts";

/** "Demo bot", beside a demo bot's link; the whole note in its tooltip. */
export function DemoLinkMark() {
  const { t } = useTranslation();
  // The note is `DEMO_LINK_NOTE` (lib/deepLinks) in the window's language.
  const note = t("deepLink.note");
  return (
    <span className="badge accent demo-link-mark" title={note} aria-label={note} data-test="demo-link-mark">
      <FlaskConical size={11} aria-hidden /> {t("deepLink.demoBot")}
    </span>
  );
}

/** Copies a deep link to the bot; in demo mode with the mark, and a toast saying where it works. */
export function DeepLinkCopy({ text, label: given }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const label = given ?? t("deepLink.copy");
  const note = t("deepLink.note");
  const status = useStatus();
  const toast = useToast();
  const demo = status.data?.mode === "demo";
  const [done, setDone] = useState(false);
  return (
    <>
      {demo && <DemoLinkMark />}
      <button
        type="button"
        className="btn sm ghost"
        aria-label={label}
        title={demo ? `${label}. ${note}` : label}
        onClick={async () => {
          await copyText(text);
          setDone(true);
          setTimeout(() => setDone(false), 1500);
          if (demo) toast.show("info", t("deepLink.copiedTitle"), note);
        }}
      >
        {done ? <Check size={14} /> : <Copy size={14} />}
        {done ? t("actions.copied") : null}
      </button>
    </>
  );
}
