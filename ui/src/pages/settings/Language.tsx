// Settings · the window's language: the system's, English, German or Russian, each named in
// itself. Chosen, it is saved as a shop setting and the whole window speaks it at once.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Languages } from "lucide-react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/invoke";
import { setUiLanguage } from "../../api/settings";
import { useToast } from "../../components/Toasts";
import { Spinner } from "../../components/ui";
import i18n, { applyLanguage, LANGUAGE_NAMES, LANGUAGES, type LanguageChoice, systemLanguage } from "../../i18n";
import { choiceOf, readChoice, UI_LANGUAGE_KEY } from "./uiLanguage";

/** The shop's choice; the system's when the core cannot say. */
async function savedChoice(): Promise<LanguageChoice> {
  const choice = await readChoice();
  return choice ?? "system";
}

export function LanguageSection() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: UI_LANGUAGE_KEY, queryFn: savedChoice });
  const save = useMutation({
    mutationFn: async (choice: LanguageChoice) => {
      await setUiLanguage(choice);
      return choice;
    },
    onSuccess: (choice) => {
      qc.setQueryData(UI_LANGUAGE_KEY, choice);
      const language = applyLanguage(choice);
      toast.show("success", i18n.getFixedT(language, "settings")("language.saved"));
    },
    onError: (e) => toast.show("error", t("notSaved"), errorMessage(e)),
  });
  const chosen = save.isPending ? save.variables : (q.data ?? "system");

  return (
    <div className="card" data-test="ui-language">
      <div className="card-body setting-line">
        <div className="row">
          <Languages size={18} />
          <div>
            <label htmlFor="ui-language" style={{ fontWeight: 600 }}>
              {t("language.title")}
            </label>
            <div className="muted small">{t("language.hint")}</div>
          </div>
        </div>
        <div className="row">
          {save.isPending && <Spinner />}
          <select
            id="ui-language"
            className="select"
            style={{ width: "auto" }}
            value={chosen}
            disabled={q.isLoading || save.isPending}
            onChange={(e) => save.mutate(choiceOf(e.target.value))}
          >
            <option value="system">{t("language.system", { name: LANGUAGE_NAMES[systemLanguage()] })}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
