// A link to the bot, copied: in demo mode the bot is the built-in simulator's, which no Telegram
// app can open, and the merchant is told so beside the link and when copying it.

import { Check, Copy, FlaskConical } from "lucide-react";
import { useState } from "react";
import { copyText } from "../lib/clipboard";
import { DEMO_LINK_NOTE } from "../lib/deepLinks";
import { useStatus } from "../queries";
import { useToast } from "./Toasts";

/** "Demo bot", beside a demo bot's link; the whole note in its tooltip. */
export function DemoLinkMark() {
  return (
    <span className="badge accent demo-link-mark" title={DEMO_LINK_NOTE} aria-label={DEMO_LINK_NOTE} data-test="demo-link-mark">
      <FlaskConical size={11} aria-hidden /> Demo bot
    </span>
  );
}

/** Copies a deep link to the bot; in demo mode with the mark, and a toast saying where it works. */
export function DeepLinkCopy({ text, label = "Copy link" }: { text: string; label?: string }) {
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
        title={demo ? `${label}. ${DEMO_LINK_NOTE}` : label}
        onClick={async () => {
          await copyText(text);
          setDone(true);
          setTimeout(() => setDone(false), 1500);
          if (demo) toast.show("info", "Link copied: a demo bot's link", DEMO_LINK_NOTE);
        }}
      >
        {done ? <Check size={14} /> : <Copy size={14} />}
        {done ? "Copied" : null}
      </button>
    </>
  );
}
