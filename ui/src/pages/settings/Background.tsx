// Settings · running in the background: closing the window keeps the shop selling; start at
// login (with the window hidden), and quitting for good.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, MonitorDown, Power } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { quitStardesk, setStartsAtLogin, startsAtLogin } from "../../api/background";
import { errorMessage } from "../../api/invoke";
import { useToast } from "../../components/Toasts";
import { Spinner, Switch } from "../../components/ui";

export function BackgroundSection() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const [quitting, setQuitting] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["autostart"], queryFn: startsAtLogin });
  const m = useMutation({
    mutationFn: (on: boolean) => setStartsAtLogin(on),
    onSuccess: (on) => qc.setQueryData(["autostart"], on),
    onError: (e) => toast.show("error", t("notChanged"), errorMessage(e)),
  });
  const quit = useMutation({
    mutationFn: quitStardesk,
    onSuccess: (inFlight) => setQuitting(inFlight > 0 ? t("background.quitting", { count: inFlight }) : t("background.quittingNow")),
    onError: (e) => toast.show("error", t("background.quitFailed"), errorMessage(e)),
  });
  return (
    <div className="card" data-test="background-section">
      <div className="card-body form">
        <div className="setting-line">
          <div className="row">
            <MonitorDown size={18} />
            <div>
              <div style={{ fontWeight: 600 }}>{t("background.loginTitle")}</div>
              <div className="muted small">{t("background.loginBody")}</div>
            </div>
          </div>
          <Switch
            checked={q.data ?? false}
            disabled={q.isLoading || q.isError || m.isPending}
            onChange={(on) => m.mutate(on)}
            label={t("background.loginTitle")}
          />
        </div>
        {q.isError && <div className="muted small">{errorMessage(q.error)}</div>}
        <div className="setting-line">
          <div className="row">
            <Power size={18} />
            <div>
              <div style={{ fontWeight: 600 }}>{t("background.quitTitle")}</div>
              <div className="muted small" data-test="quit-state">
                {quitting ?? t("background.quitBody")}
              </div>
            </div>
          </div>
          <button className="btn" onClick={() => quit.mutate()} disabled={quit.isPending || quitting !== null} data-test="quit">
            {quit.isPending || quitting ? <Spinner /> : <LogOut size={15} />} {t("background.quit")}
          </button>
        </div>
      </div>
    </div>
  );
}
