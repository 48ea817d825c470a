// Text with ⭐ in it (amounts as the chat writes them: "25 ⭐ off"). Not every system has an emoji
// font, so the star is drawn; the character stays in the text for copying and screen readers.

import { Star } from "lucide-react";
import type { ReactNode } from "react";

export function StarText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  text.split("⭐").forEach((part, i) => {
    if (i > 0) {
      parts.push(
        <span key={`s${i}`} className="star-glyph">
          <Star size={13} className="inline-star" fill="currentColor" aria-hidden />
          <span className="sr-only">⭐</span>
        </span>,
      );
    }
    if (part) parts.push(part);
  });
  return <>{parts}</>;
}
